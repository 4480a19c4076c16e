#pragma once
// The HTML report's static parts, real files in engine/src/render/report/ (page.html with its
// {{PLACEHOLDERS}}, style.css, report.js) embedded at build time (cmake/EmbedText.cmake), so the
// front end reads, and lints, as one piece apart from the C++ that fills it. Private to
// engine/src/render.
#include <string_view>

namespace riskgrid::render::detail {

/// The page skeleton. Placeholders: TITLE (HTML-escaped), CSP, VERSION, STYLE, SCRIPT, DATA.
extern const std::string_view kReportPage;
/// The style sheet (inline <style>; its SHA-256 goes into the Content-Security-Policy).
extern const std::string_view kReportStyle;
/// The page script (inline <script>; its SHA-256 goes into the Content-Security-Policy). Reads the
/// JSON in #data and renders every data-derived text with textContent / setAttribute only.
extern const std::string_view kReportScript;

}  // namespace riskgrid::render::detail
