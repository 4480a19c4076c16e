# riskgrid_warnings: an interface target every riskgrid target links to get the project's warnings.
add_library(riskgrid_warnings INTERFACE)
set_target_properties(riskgrid_warnings PROPERTIES EXPORT_NAME warnings)
target_compile_options(riskgrid_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion
  # GCC 12 reports false positives deep inside Boost.Geometry's inlined templates.
  -Wno-maybe-uninitialized)
if(RISKGRID_WARNINGS_AS_ERRORS)
  target_compile_options(riskgrid_warnings INTERFACE -Werror)
endif()
