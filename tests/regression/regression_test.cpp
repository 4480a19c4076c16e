// Blessed regression results: each folder under tests/regression with a case.yaml is run with the real
// `riskgrid` binary and its key figures are compared with the folder's expected.yaml. With
// RISKGRID_BLESS=1 the figures are written to expected.yaml instead (tests/regression/README.md).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "key_figures.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;

const fs::path kCases = RISKGRID_REGRESSION_CASES;

struct Case {
  std::string name;
  std::string command;  ///< run | backtest
  fs::path scenario;    ///< relative to the case folder in case.yaml
  std::string options;  ///< extra command-line options
  std::string figures;  ///< results.h5 | backtest_summary.csv
  double rel_tol = 1e-9;
};

Case read_case(const fs::path& folder) {
  const YAML::Node node = YAML::LoadFile((folder / "case.yaml").string());
  Case c;
  c.name = folder.filename().string();
  c.command = node["command"].as<std::string>();
  c.scenario = fs::weakly_canonical(folder / node["scenario"].as<std::string>());
  for (const auto& option : node["options"]) c.options += " " + option.as<std::string>();
  c.figures = node["figures"].as<std::string>();
  if (node["rel_tol"]) c.rel_tol = node["rel_tol"].as<double>();
  return c;
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases))
    if (fs::exists(entry.path() / "case.yaml")) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

regression::KeyFigures run_case(const Case& c, const fs::path& out) {
  const auto r = testing::riskgrid(
      fmt::format("{} {} --quiet --threads 2{} --out {}", c.command, c.scenario.string(), c.options, out.string()));
  if (r.exit_code != 0) throw std::runtime_error(fmt::format("exit {}:\n{}", r.exit_code, r.output));
  const std::string file = (out / c.figures).string();
  return c.figures.ends_with(".csv") ? regression::backtest_summary_figures(file) : regression::results_figures(file);
}

regression::KeyFigures read_expected(const fs::path& file) {
  regression::KeyFigures out;
  for (const auto& item : YAML::LoadFile(file.string())["figures"])
    out[item.first.as<std::string>()] = item.second.as<double>();
  return out;
}

void bless(const fs::path& file, const regression::KeyFigures& figures) {
  std::ofstream out(file);
  out << "# Blessed key figures: written by `RISKGRID_BLESS=1 ctest -L regression`, never by hand.\n"
         "# A change that moves them is explained in its commit (tests/regression/README.md).\n"
         "figures:\n";
  for (const auto& [name, value] : figures) out << fmt::format("  \"{}\": {:.17g}\n", name, value);
}

bool close_enough(double expected, double actual, double rel_tol) {
  if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) && std::isnan(actual);
  return std::abs(expected - actual) <= rel_tol * std::max(std::abs(expected), std::abs(actual)) + 1e-12;
}

/// Every figure that is missing, new or moved, one line each.
std::string differences(const regression::KeyFigures& expected, const regression::KeyFigures& actual, double rel_tol) {
  std::string out;
  for (const auto& [name, value] : expected) {
    const auto found = actual.find(name);
    if (found == actual.end())
      out += fmt::format("  {}: blessed {:.10g}, now missing\n", name, value);
    else if (!close_enough(value, found->second, rel_tol))
      out += fmt::format("  {}: blessed {:.10g}, now {:.10g} ({:+.3g}%)\n", name, value, found->second,
                         100 * (found->second - value) / (value == 0 ? 1 : std::abs(value)));
  }
  for (const auto& [name, value] : actual)
    if (!expected.contains(name)) out += fmt::format("  {}: new figure {:.10g}\n", name, value);
  return out;
}

class Regression : public ::testing::TestWithParam<std::string> {};

TEST_P(Regression, KeyFiguresMatchTheBlessedOnes) {
  const fs::path folder = kCases / GetParam();
  const Case c = read_case(folder);
  const fs::path out = fs::temp_directory_path() / fmt::format("riskgrid_regression_{}_{}", c.name, ::getpid());
  fs::remove_all(out);
  const auto actual = run_case(c, out);
  fs::remove_all(out);
  ASSERT_FALSE(actual.empty()) << "no figures in " << c.figures;
  const fs::path expected_file = folder / "expected.yaml";
  const char* bless_switch = std::getenv("RISKGRID_BLESS");
  if (bless_switch != nullptr && std::string(bless_switch) == "1") {
    bless(expected_file, actual);
    GTEST_SKIP() << "blessed " << actual.size() << " figures into " << expected_file;
  }
  ASSERT_TRUE(fs::exists(expected_file)) << expected_file << " is missing: bless the case first";
  const std::string moved = differences(read_expected(expected_file), actual, c.rel_tol);
  EXPECT_TRUE(moved.empty()) << c.name << ": key figures moved (relative tolerance " << c.rel_tol << "):\n" << moved;
}

INSTANTIATE_TEST_SUITE_P(Cases, Regression, ::testing::ValuesIn(case_names()),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace riskgrid
