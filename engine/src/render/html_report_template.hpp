#pragma once
// The HTML report's static parts: the page with its {{PLACEHOLDERS}}, the style sheet and the page
// script. Kept apart from the C++ that fills them so the front end reads as one piece. Private to
// engine/src/render.
#include <string>
#include <string_view>

namespace riskgrid::render::detail {

/// The page skeleton. Placeholders: TITLE (HTML-escaped), CSP, VERSION, STYLE, SCRIPT, DATA.
extern const std::string_view kReportPage;
/// The style sheet (inline <style>; its SHA-256 goes into the Content-Security-Policy).
extern const std::string_view kReportStyle;
/// The page script in two halves (one function scope across both; see the two .cpp files).
extern const std::string_view kReportScriptMap;
extern const std::string_view kReportScriptPanels;
/// The whole page script (inline <script>; its SHA-256 goes into the Content-Security-Policy). Reads
/// the JSON in #data and renders every data-derived text with textContent / setAttribute only.
const std::string& report_script();

}  // namespace riskgrid::render::detail
