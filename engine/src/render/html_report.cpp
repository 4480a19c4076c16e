#include "riskgrid/engine/render/html_report.hpp"

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "html_report_data.hpp"
#include "html_report_template.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/sha256.hpp"

#ifndef RISKGRID_VERSION
#define RISKGRID_VERSION "unknown"
#endif

namespace riskgrid::render {

namespace {

/// Base64 of the SHA-256 digest of `text`, as a Content-Security-Policy hash source wants it.
std::string sha256_base64(std::string_view text) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string hex = io::sha256_hex(text);
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t chunk = 0;
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    for (std::size_t k = 0; k < 3; ++k) chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(chunk >> (18 - 6 * k)) & 0x3Fu] : '=';
  }
  return out;
}

/// Replaces each {{NAME}} of the template with its value, in one pass, so that values are never
/// searched for placeholders. An unknown name is a bug in the template.
std::string fill(std::string_view page, const std::map<std::string_view, std::string_view>& values) {
  std::string out;
  out.reserve(page.size() + 1024);
  std::size_t at = 0;
  while (true) {
    const std::size_t open = page.find("{{", at);
    if (open == std::string_view::npos) break;
    const std::size_t close = page.find("}}", open);
    if (close == std::string_view::npos) throw std::logic_error("html report: unclosed placeholder in the template");
    const auto it = values.find(page.substr(open + 2, close - open - 2));
    if (it == values.end()) throw std::logic_error("html report: unknown placeholder in the page template");
    out.append(page.substr(at, open - at)).append(it->second);
    at = close + 2;
  }
  out.append(page.substr(at));
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html_report(const spatial::District& district, const catalog::CategoryCatalog& catalog,
                               std::span<const results::ScenarioResults> scenarios, const ReportOptions& options) {
  detail::check_report_inputs(district, catalog, scenarios);
  const std::string data = detail::report_data_json(district, catalog, scenarios, options, RISKGRID_VERSION);
  const std::string title = html_escape(options.title.empty() ? scenarios.front().title : options.title);
  // Only the page's own style and script may run, and nothing may be fetched: the report must work
  // offline, and a name that slipped past escaping still could not execute.
  const std::string csp = fmt::format(
      "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; img-src data:; "
      "base-uri 'none'; form-action 'none'",
      sha256_base64(detail::kReportStyle), sha256_base64(detail::kReportScript));
  return fill(detail::kReportPage, {{"TITLE", title},
                                    {"CSP", csp},
                                    {"VERSION", RISKGRID_VERSION},
                                    {"STYLE", detail::kReportStyle},
                                    {"SCRIPT", detail::kReportScript},
                                    {"DATA", data}});
}

void write_html_report(const std::string& path, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog, std::span<const results::ScenarioResults> scenarios,
                       const ReportOptions& options) {
  const std::string html = render_html_report(district, catalog, scenarios, options);
  io::write_file(path, html, "the HTML report");
}

}  // namespace riskgrid::render
