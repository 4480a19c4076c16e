// The HTML report: escaping of hostile names, the JSON data block, self-containment, the CSP hashes,
// size, input checks and the atomic write. The hostile fixture (tests/data/hostile) names a grid
// <script>alert(1)</script>, a town "quotes" & <b>bold</b> and a category <img src=x onerror=...>.
#include "riskgrid/engine/render/html_report.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/spatial/district_io.hpp"
#include "riskgrid/engine/results/results_loader.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::render {
namespace {
namespace fs = std::filesystem;

struct Fixture {
  spatial::District district;
  catalog::CategoryCatalog catalog;
};

Fixture load_fixture(const std::string& district_yaml) {
  const scenario::DistrictSpec spec = scenario::load_district_spec(district_yaml);
  return {spatial::load_district(spec.outline, spec.towns, spec.grids, spec.name),
          catalog::load_catalog(spec.categories)};
}

const Fixture& hostile() {
  static const Fixture fixture = load_fixture(std::string(RISKGRID_TEST_DATA) + "/hostile/district.yaml");
  return fixture;
}

/// Deterministic, plausible results: a daily wave per grid, scaled by `factor`, with two drills.
results::ScenarioResults fake_results(const Fixture& f, std::string name, std::string title, std::size_t bins,
                                      double factor) {
  results::ScenarioResults r;
  r.name = std::move(name);
  r.title = std::move(title);
  r.time = {*time::parse_iso("2026-10-29"), time::kHour, bins};
  r.units = f.district.grids.size();
  r.categories = f.catalog.size();
  r.replicas = 30;
  for (std::size_t b = 0; b < bins; ++b)
    for (std::size_t u = 0; u < r.units; ++u) {
      const double m = factor * (1.0 + static_cast<double>(u)) * (1.2 + std::sin(0.26 * static_cast<double>(b)));
      r.per_bin.mean.push_back(m), r.per_bin.p50.push_back(std::round(m));
      r.per_bin.p05.push_back(std::floor(0.5 * m)), r.per_bin.p95.push_back(std::ceil(1.8 * m));
      r.per_bin.exceedance.push_back(std::min(1.0, m / 10)), r.ratio_to_normal.push_back(m / 2);
      r.per_bin.above_double_normal.push_back(std::min(1.0, m / 20));
      r.normal.push_back(m / 2), r.excess.push_back(m / 2);
      r.risk_level.push_back(static_cast<std::int8_t>(std::min(3.0, m / 2)));
    }
  r.exceedance_threshold.assign(r.units, 4);
  r.horizon_threshold.assign(r.units, 200);
  for (std::size_t u = 0; u < r.units; ++u) {
    double total = 0;
    for (std::size_t b = 0; b < bins; ++b) total += r.per_bin.mean[b * r.units + u];
    r.horizon.mean.push_back(total), r.horizon.p50.push_back(total);
    r.horizon.p05.push_back(0.8 * total), r.horizon.p95.push_back(1.2 * total);
    r.horizon.exceedance.push_back(0.1 * static_cast<double>(u));
    r.horizon.above_double_normal.push_back(0.05 * static_cast<double>(u));
    r.horizon_normal.push_back(0.8 * total);
    r.horizon_ratio_to_normal.push_back(0.5 + 0.4 * static_cast<double>(u));
    r.horizon_excess.push_back(0.2 * total);
    r.level_reason.push_back(fmt::format("{:.2f}× normal", 0.5 + 0.4 * static_cast<double>(u)));
    r.rank.push_back(static_cast<std::int32_t>(r.units - u));
    r.rank_value.push_back(0.2 * total);
    r.horizon_risk_level.push_back(static_cast<std::int8_t>(u % 4));
    for (std::size_t c = 0; c < r.categories; ++c) r.category_excess.push_back(0.1 * static_cast<double>(c + u + 1));
  }
  r.levels = {{"blue", "Blue (low) 蓝", 0x2c7bb6},
              {"yellow", "Yellow 黄", 0xffd92f},
              {"orange", "Orange 橙", 0xf28e2b},
              {"red", "Red <high> & 红", 0xd7191c}};
  r.drill_names = {"surge </script><script>alert(8)</script>", "hotline_surge"};
  for (std::size_t u = 0; u < r.units; ++u) {
    r.drill_added.push_back(3.0 * static_cast<double>(u));
    r.drill_added.push_back(2.0);
  }
  return r;
}

ReportOptions options() {
  ReportOptions o;
  o.footnote = "Internal borders are synthetic <script>alert(7)</script>";
  o.seed = 18446744073709551615ULL;
  o.created = "2026-10-28T12:00:00Z";
  return o;
}

std::string render_hostile(std::size_t scenarios = 1) {
  std::vector<results::ScenarioResults> s;
  for (std::size_t i = 0; i < scenarios; ++i)
    s.push_back(fake_results(hostile(), "s" + std::to_string(i), "Hostile <script>alert(4)</script> & \"drill\"", 72,
                             1.0 + static_cast<double>(i)));
  return render_html_report(hostile().district, hostile().catalog, s, options());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// Text between the first `open` and the next `close` after it (empty when either is missing).
std::string between(const std::string& text, const std::string& open, const std::string& close) {
  const std::size_t a = text.find(open);
  if (a == std::string::npos) return {};
  const std::size_t b = text.find(close, a + open.size());
  return b == std::string::npos ? std::string{} : text.substr(a + open.size(), b - a - open.size());
}

std::string data_block(const std::string& html) {
  return between(html, "<script type=\"application/json\" id=\"data\">", "</script>");
}

TEST(HtmlReport, HostileNamesNeverAppearAsMarkup) {
  const std::string html = render_hostile(2);
  for (const char* raw : {"<script>alert", "<img", "<b>bold", "<svg onload", "<u>", "<!--", "<i>District", "<drains>",
                          "onerror=alert(5)>", "\xE2\x80\xA8", "\xE2\x80\xA9"})
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  // The page's own two script elements and nothing else can open or close one.
  EXPECT_EQ(count(html, "<script"), 2u);
  EXPECT_EQ(count(html, "</script"), 2u);
  EXPECT_EQ(count(html, "</title"), 1u);
}

TEST(HtmlReport, TitleInHtmlIsEscaped) {
  const std::string html = render_hostile();
  const std::string escaped = "Hostile &lt;script&gt;alert(4)&lt;/script&gt; &amp; &quot;drill&quot;";
  EXPECT_EQ(between(html, "<title>", "</title>"), escaped);
  EXPECT_EQ(between(html, "<h1 id=\"title\">", "</h1>"), escaped);
}

TEST(HtmlReport, DataBlockEscapesAndRoundTrips) {
  const std::string html = render_hostile(2);
  const std::string json = data_block(html);
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.find_first_of("<>&"), std::string::npos);
  EXPECT_NE(json.find("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"), std::string::npos);
  EXPECT_NE(json.find("\\u2028"), std::string::npos);
  // JSON is YAML 1.2 flow style: parsing it back gives the original strings and numbers.
  const YAML::Node d = YAML::Load(json);
  EXPECT_EQ(d["grids"][0]["name"].as<std::string>(), "<script>alert(1)</script>");
  EXPECT_EQ(d["towns"][0]["name"].as<std::string>(), "\"quotes\" & <b>bold</b>");
  // A placeholder inside data stays text: the template is filled in one pass.
  EXPECT_EQ(d["grids"][1]["name"].as<std::string>(), "Grid \"B\" & Co \xE2\x80\xA8 {{DATA}}");
  EXPECT_EQ(d["categories"][1]["name"].as<std::string>(), "<img src=x onerror=alert(5)>");
  EXPECT_EQ(d["meta"]["seed"].as<std::string>(), "18446744073709551615");
  ASSERT_EQ(d["scenarios"].size(), 2u);
  const YAML::Node s = d["scenarios"][1];
  EXPECT_EQ(s["bins"].as<int>(), 72);
  EXPECT_EQ(s["labels"][0].as<std::string>(), "Thu 2026-10-29 00:00");
  EXPECT_EQ(s["mean"].size(), 72u);
  EXPECT_EQ(s["mean"][0].size(), hostile().district.grids.size());
  EXPECT_NEAR(s["mean"][0][1].as<double>(), 2.0 * 2.0 * 1.2, 1e-9);
  EXPECT_EQ(s["levels"][3]["color"].as<std::string>(), "#d7191c");
  EXPECT_EQ(s["drills"][0].as<std::string>(), "surge </script><script>alert(8)</script>");
  // Top categories: category 3 has the largest contribution; shares are of the row's sum.
  EXPECT_EQ(s["top"][0][0][0].as<int>(), 3);
  EXPECT_NEAR(s["top"][0][0][1].as<double>(), 0.4 / 1.0, 1e-3);
  // Drills adding most, largest first, positive only: grid 0 gets only the second drill.
  EXPECT_EQ(s["added"][0].size(), 1u);
  EXPECT_EQ(s["added"][3][0][0].as<int>(), 0);
}

TEST(HtmlReport, CarriesTheCaseHandlingOfARunThatHadIt) {
  results::ScenarioResults handled = fake_results(hostile(), "handled", "With case handling", 4, 1.0);
  const std::size_t units = handled.units;
  results::ResponseResults& h = handled.response;
  h.present = true;
  h.district_on_time_share = 0.9925;
  for (std::size_t u = 0; u < units; ++u) h.on_time_share.push_back(u == 1 ? NAN : 0.99 - 0.01 * double(u));
  for (std::size_t i = 0; i < 4 * units; ++i) {
    h.backlog_mean.push_back(double(i));  // the last bin's: 3 * units + u
    h.overdue_mean.push_back(0.5 * double(i));
  }
  const std::vector<results::ScenarioResults> runs{fake_results(hostile(), "plain", "Without", 4, 1.0), handled};
  const YAML::Node d =
      YAML::Load(data_block(render_html_report(hostile().district, hostile().catalog, runs, options())));
  EXPECT_FALSE(d["scenarios"][0]["handling"].IsDefined()) << "a run without case handling shows none";
  const YAML::Node got = d["scenarios"][1]["handling"];
  ASSERT_TRUE(got.IsMap());
  EXPECT_DOUBLE_EQ(got["district"].as<double>(), 0.9925);
  EXPECT_DOUBLE_EQ(got["onTime"][0].as<double>(), 0.99);
  EXPECT_TRUE(got["onTime"][1].IsNull());  // NaN (no case closed) travels as null
  EXPECT_DOUBLE_EQ(got["openEnd"][2].as<double>(), double(3 * units + 2));
  EXPECT_DOUBLE_EQ(got["overdueEnd"][2].as<double>(), 0.5 * double(3 * units + 2));
  const std::string html = render_html_report(hostile().district, hostile().catalog, runs, options());
  EXPECT_NE(html.find("On time (按时办结率)"), std::string::npos) << "the script shows it";
}

TEST(HtmlReport, InvalidUtf8BecomesReplacementCharacter) {
  Fixture f = hostile();
  f.district.grids[3].name = "bad \xff byte \xe2\x80";
  const auto r = fake_results(f, "s", "t", 3, 1);
  const std::string json = data_block(render_html_report(f.district, f.catalog, std::span(&r, 1), {}));
  EXPECT_NE(json.find("bad \\ufffd byte \\ufffd\\ufffd"), std::string::npos);
}

TEST(HtmlReport, IsSelfContained) {
  const std::string html = render_hostile(2);
  for (const char* ref :
       {"http://", "https://", "src=\"", "src='", "href=", "<link", "@import", "url(", "<iframe", "<img"})
    EXPECT_EQ(html.find(ref), std::string::npos) << ref;
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("Noto Sans CJK SC"), std::string::npos);
}

std::string csp_hash(const std::string& text) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string hex = io::sha256_hex(text);
  std::vector<unsigned> bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2)
    bytes.push_back(static_cast<unsigned>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  bytes.push_back(0);  // 32 bytes: one pad byte makes 33 = 11 groups, the last char becomes '='
  std::string out;
  for (std::size_t i = 0; i < 33; i += 3) {
    const unsigned chunk = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int k = 3; k >= 0; --k) out += kAlphabet[(chunk >> (6 * k)) & 0x3F];
  }
  out.back() = '=';
  return "'sha256-" + out + "'";
}

TEST(HtmlReport, CspHashesMatchTheInlineStyleAndScript) {
  const std::string html = render_hostile();
  const std::string csp = between(html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
  const std::string style = between(html, "<style>", "</style>");
  const std::string script = between(html, "<script>", "</script>");
  ASSERT_FALSE(style.empty());
  ASSERT_FALSE(script.empty());
  EXPECT_NE(csp.find("style-src " + csp_hash(style)), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src " + csp_hash(script)), std::string::npos) << csp;
}

TEST(HtmlReport, SizeIsReasonable) {
  EXPECT_LT(render_hostile().size(), 120u * 1024);
  // The default district, 45 grids over 72 hourly bins and two scenarios: well under 2 MB.
  const Fixture putuo = load_fixture(std::string(RISKGRID_SCENARIOS) + "/putuo/district.yaml");
  const std::vector<results::ScenarioResults> s = {fake_results(putuo, "a", "A", 72, 1),
                                                   fake_results(putuo, "b", "B", 72, 2)};
  const std::string html = render_html_report(putuo.district, putuo.catalog, s, {});
  EXPECT_GT(html.size(), 20u * 1024);
  EXPECT_LT(html.size(), 2u * 1024 * 1024);
}

TEST(HtmlReport, RejectsEmptyOrMismatchedResults) {
  const Fixture& f = hostile();
  EXPECT_THROW(render_html_report(f.district, f.catalog, {}, {}), std::invalid_argument);
  auto r = fake_results(f, "s", "t", 4, 1);
  r.per_bin.p95.pop_back();
  EXPECT_THROW(render_html_report(f.district, f.catalog, std::span(&r, 1), {}), std::invalid_argument);
  auto other = fake_results(f, "s", "t", 4, 1);
  other.category_excess.push_back(1);
  EXPECT_THROW(render_html_report(f.district, f.catalog, std::span(&other, 1), {}), std::invalid_argument);
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("riskgrid_html_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(HtmlReport, WritesAtomicallyAndLeavesNothingOnFailure) {
  const fs::path dir = temp_dir("atomic");
  const auto r = fake_results(hostile(), "s", "t", 6, 1);
  write_html_report((dir / "out" / "report.html").string(), hostile().district, hostile().catalog, std::span(&r, 1),
                    {});
  std::ifstream in(dir / "out" / "report.html");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir / "out"), fs::directory_iterator{}), 1);
  std::ofstream(dir / "file") << "x";  // a file where a directory should be
  EXPECT_THROW(write_html_report((dir / "file" / "report.html").string(), hostile().district, hostile().catalog,
                                 std::span(&r, 1), {}),
               IoError);
  fs::remove_all(dir);
}

// Writes the hostile fixture's report where tests/browser/run.sh looks for it when `riskgrid run`
// does not write one: $RISKGRID_HOSTILE_REPORT, else <temp>/riskgrid_browser/hostile_report.html.
TEST(HtmlReport, WritesTheHostileFixtureReportForTheBrowserTest) {
  const char* to = std::getenv("RISKGRID_HOSTILE_REPORT");
  const fs::path path = to ? fs::path(to) : fs::temp_directory_path() / "riskgrid_browser" / "hostile_report.html";
  const std::vector<results::ScenarioResults> s = {
      fake_results(hostile(), "base", "Base <i>line</i>", 72, 1),
      fake_results(hostile(), "hostile", "Hostile <script>alert(4)</script> & \"drill\"", 72, 1.6)};
  write_html_report(path.string(), hostile().district, hostile().catalog, s, options());
  EXPECT_TRUE(fs::exists(path));
}

// A report from results files (test-only until `riskgrid run` writes one): set RISKGRID_REPORT_FROM
// to one or more results.h5 paths separated by ':' (the first is the reference) and
// RISKGRID_REPORT_TO to the output path (RISKGRID_REPORT_NOTE: a footnote). Skipped otherwise.

}  // namespace
}  // namespace riskgrid::render
