# One place per dependency: every third-party library riskgrid uses is found here, and only here.
find_package(Threads REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(TBB REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C HL)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
# Boost 1.74 notes its own deprecated internal headers on every include; they are not ours to fix.
add_compile_definitions(BOOST_ALLOW_DEPRECATED_HEADERS BOOST_BIND_GLOBAL_PLACEHOLDERS)
find_package(yaml-cpp REQUIRED)
find_package(GDAL REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)

# Random123 is header-only and ships no CMake config.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(riskgrid_random123 INTERFACE)
target_include_directories(riskgrid_random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

add_library(riskgrid_hdf5 INTERFACE)
target_include_directories(riskgrid_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(riskgrid_hdf5 INTERFACE ${HDF5_HL_LIBRARIES} ${HDF5_C_LIBRARIES})
target_compile_definitions(riskgrid_hdf5 INTERFACE ${HDF5_DEFINITIONS})

if(RISKGRID_WITH_MPI)
  find_package(MPI REQUIRED COMPONENTS CXX)
endif()
if(RISKGRID_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(RISKGRID_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
