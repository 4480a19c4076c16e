# Turns a text file into a C++ source that holds it as a std::string_view, so that front-end files
# (the report's HTML, CSS and JavaScript) stay real files that editors and linters read, yet ship
# inside the binary. Script mode, run by the build whenever the file changes:
#   cmake -DINPUT=page.html -DOUTPUT=page.cpp -DNAME=kReportPage -DNAMESPACE=riskgrid::render::detail
#         -P EmbedText.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")RGASSET\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT}: contains )RGASSET\" and cannot be embedded as a raw string")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake: edit that file, not this one.\n"
  "#include <string_view>\n\n"
  "namespace ${NAMESPACE} {\n"
  "extern const std::string_view ${NAME};\n"
  "const std::string_view ${NAME} = R\"RGASSET(${text})RGASSET\";\n"
  "}  // namespace ${NAMESPACE}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
