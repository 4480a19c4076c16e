# `cmake --install` puts the riskgrid command, the engine, models and run libraries with their headers,
# and riskgridConfig.cmake under the prefix, so another project can
#   find_package(riskgrid REQUIRED)
#   target_link_libraries(my_tool PRIVATE riskgrid::run)   # or riskgrid::models, riskgrid::engine
# (tests/install builds such a project against an installed tree).
include(CMakePackageConfigHelpers)

install(TARGETS riskgrid RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The static libraries and the interface targets they list (their link-only dependencies travel too).
install(TARGETS riskgrid_engine riskgrid_models riskgrid_run riskgrid_random123 riskgrid_hdf5 riskgrid_warnings
  EXPORT riskgridTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(layer engine models run)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/riskgrid)
install(EXPORT riskgridTargets NAMESPACE riskgrid:: DESTINATION ${config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/riskgridConfig.cmake.in
  ${PROJECT_BINARY_DIR}/riskgridConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/riskgridConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/riskgridConfig.cmake ${PROJECT_BINARY_DIR}/riskgridConfigVersion.cmake
  DESTINATION ${config_dir})
