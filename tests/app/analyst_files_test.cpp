// End-to-end: what analysts and scripts get from riskgrid. The result files open in xarray, netCDF
// tools and h5py as they are; `export` writes a tidy table; --json, --version, help and progress off
// a terminal follow the usual command-line conventions.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "command.hpp"
#include "riskgrid/engine/results/results_reader.hpp"

namespace riskgrid {
namespace {
namespace fs = std::filesystem;
using testing::riskgrid;
using testing::run_command;

const std::string kScenarios = RISKGRID_SCENARIOS;
const std::string kData = RISKGRID_TEST_DATA;
const std::string kPython = "/usr/bin/python3";

std::string read_file(const fs::path& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

/// Runs riskgrid with `arguments`; stdout and stderr apart (RISKGRID_PROGRESS_SECONDS=0: every line).
struct Split {
  int exit_code;
  std::string out, err;
};
Split run_split(const std::string& arguments, const fs::path& err) {
  const auto r = run_command("( RISKGRID_PROGRESS_SECONDS=0 " + std::string(RISKGRID_BINARY) + " " + arguments +
                             " 2> " + err.string() + " )");
  return {r.exit_code, r.output, read_file(err)};
}

bool is_json(const std::string& text, const fs::path& scratch) {
  std::ofstream(scratch) << text;
  return run_command(kPython + " -m json.tool " + scratch.string()).exit_code == 0;
}

/// `key value` lines of tests/app/netcdf_open.py.
std::map<std::string, std::string> key_values(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto second = line.find(' ', line.find(' ') + 1);
    if (second != std::string::npos) out[line.substr(0, second)] = line.substr(second + 1);
  }
  return out;
}

class AnalystFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("riskgrid_analyst_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "scenarios");
    std::ofstream(dir_ / "scenarios" / "baseline.yaml")
        << "name: baseline\ndistrict: " << kScenarios << "/putuo/district.yaml"
        << "\nseed: 7\nhorizon: {start: 2026-11-01, days: 5, bin: day}\ntraining: {weeks: 12}\n";
    std::ofstream(dir_ / "scenarios" / "storm.yaml") << "extends: baseline.yaml\nname: storm\ndrills:\n  - {name: "
                                                        "rain, factor: 3, categories: [municipal, property]}\n";
    run_ = run_split("run " + (dir_ / "scenarios" / "baseline.yaml").string() + " --replicas 40 --json --out " +
                         (dir_ / "run").string(),
                     dir_ / "run.err");
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string results() { return (dir_ / "run" / "results.h5").string(); }
  static inline fs::path dir_;
  static inline Split run_;
};

TEST_F(AnalystFiles, RunJsonIsTheSummaryAloneOnStdout) {
  ASSERT_EQ(run_.exit_code, 0) << run_.out << run_.err;
  EXPECT_TRUE(is_json(run_.out, dir_ / "run.json")) << run_.out;
  EXPECT_NE(run_.out.find("\"summary\": {"), std::string::npos) << run_.out;
  EXPECT_NE(run_.out.find("\"riskgrid_version\""), std::string::npos);
  EXPECT_EQ(run_.out.find("top 10 grids"), std::string::npos) << "the table belongs to the human output";
}

TEST_F(AnalystFiles, ProgressOffATerminalIsLinesNotABar) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  EXPECT_NE(run_.err.find("simulating 100% (40/40)"), std::string::npos) << run_.err;
  EXPECT_EQ(run_.err.find('\r'), std::string::npos) << "carriage returns make a log unreadable";
}

TEST_F(AnalystFiles, ExportWritesATidyLongTable) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const fs::path csv = dir_ / "tidy.csv";
  const auto r = riskgrid("export " + results() + " --format csv --out " + csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(csv);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "scenario,unit,bin,measure,value");
  const results::ResultsReader reader(results());
  const std::vector<std::string> units = reader.read_strings("unit");
  const auto mean = reader.read<double>("scenarios/baseline/mean");
  const auto horizon = reader.read<double>("scenarios/baseline/horizon/p95");
  std::size_t rows = 0, bin_rows = 0;
  bool found_mean = false, found_horizon = false;
  while (std::getline(in, line)) {
    ++rows;
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) f.push_back(field);
    ASSERT_GE(f.size(), 4u) << line;
    if (!f[2].empty()) ++bin_rows;
    if (f[1] == units[3] && f[2] == "2026-11-02T00:00:00" && f[3] == "mean") {
      found_mean = true;
      EXPECT_EQ(std::stod(f[4]), mean.values[1 * units.size() + 3]) << line;  // exact: shortest round trip
    }
    if (f[1] == units[3] && f[3] == "horizon.p95") {
      found_horizon = true;
      EXPECT_TRUE(f[2].empty()) << line;
      EXPECT_EQ(std::stod(f[4]), horizon.values[3]) << line;
    }
  }
  EXPECT_TRUE(found_mean);
  EXPECT_TRUE(found_horizon);
  EXPECT_EQ(bin_rows % (5 * units.size()), 0u) << "every measure has every bin and unit";
  EXPECT_GT(rows, bin_rows);

  const auto to_stdout = riskgrid("export " + results());  // stdout by default
  ASSERT_EQ(to_stdout.exit_code, 0);
  EXPECT_EQ(to_stdout.output, read_file(csv));
}

TEST_F(AnalystFiles, ExportRefusesAnUnknownFormatAndAMissingFile) {
  const auto format = riskgrid("export " + results() + " --format xlsx");
  EXPECT_EQ(format.exit_code, 2) << format.output;
  EXPECT_NE(format.output.find("--format must be csv"), std::string::npos) << format.output;
  const auto missing = riskgrid("export " + (dir_ / "none.h5").string());
  EXPECT_EQ(missing.exit_code, 4) << missing.output;
  EXPECT_NE(missing.output.find("none.h5"), std::string::npos) << missing.output;
}

/// Runs tests/app/netcdf_open.py; skips the test when xarray is missing.
std::map<std::string, std::string> open_like_an_analyst(const std::string& arguments) {
  const auto r = run_command(kPython + " " RISKGRID_SOURCE_DIR "/tests/app/netcdf_open.py " + arguments);
  if (r.exit_code == 77) return {{"skip", r.output}};
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return key_values(r.output);
}

TEST_F(AnalystFiles, ResultsOpenInXarrayAndNetcdfWithoutOptions) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const auto got = open_like_an_analyst("results " + results() + " baseline");
  if (got.count("skip")) GTEST_SKIP() << got.at("skip") << " (scripts/install-deps.sh installs python3-xarray)";
  const results::ResultsReader reader(results());
  const auto mean = reader.read<double>("scenarios/baseline/mean");
  const std::size_t units = reader.read_strings("unit").size();
  for (const std::string engine : {"h5netcdf", "netcdf4"}) {
    if (!got.count(engine + " mean_1_2")) continue;
    EXPECT_EQ(std::stod(got.at(engine + " mean_1_2")), mean.values[units + 2]) << engine;
    EXPECT_EQ(got.at(engine + " time0"), reader.read_strings("time_iso")[0]) << engine;
    EXPECT_EQ(got.at(engine + " unit2"), reader.read_strings("units/id")[2]) << engine;
    EXPECT_EQ(std::stod(got.at(engine + " horizon_mean_0")),
              reader.read<double>("scenarios/baseline/horizon/mean").values[0]);
    EXPECT_EQ(std::stod(got.at(engine + " population_2")), reader.read<double>("units/population").values[2]);
    EXPECT_EQ(got.at(engine + " level_3"), "red");
  }
  EXPECT_TRUE(got.count("h5netcdf mean_1_2") || got.count("netcdf4 mean_1_2"));
  EXPECT_EQ(std::stod(got.at("h5py mean_1_2")), mean.values[units + 2]);
  EXPECT_EQ(got.at("h5py dims"), "time,unit");
}

TEST_F(AnalystFiles, BatchAndBacktestFilesOpenInXarrayAndCarryTheVersion) {
  const auto batch =
      run_split("batch " + (dir_ / "scenarios").string() + " --replicas 20 --json --out " + (dir_ / "batch").string(),
                dir_ / "batch.err");
  ASSERT_EQ(batch.exit_code, 0) << batch.out << batch.err;
  EXPECT_TRUE(is_json(batch.out, dir_ / "batch.json")) << batch.out;
  EXPECT_NE(batch.out.find("\"top\": [{\"unit\""), std::string::npos) << batch.out;
  EXPECT_NE(batch.err.find("batch: 2/2 runs done"), std::string::npos) << batch.err;

  std::ofstream(dir_ / "bt.yaml") << "extends: " << kData << "/hostile/baseline.yaml\nname: bt\nbacktest:\n"
                                  << "  models: [negbin_weekday, last_4_weeks]\n"
                                     "  origins: {first: 2026-10-12, last: 2026-10-19, every_days: 7}\n"
                                     "  horizon: {days: 7, bin: day}\n";
  const auto bt =
      run_split("backtest " + (dir_ / "bt.yaml").string() + " --json --out " + (dir_ / "bt").string(), dir_ / "bt.err");
  ASSERT_EQ(bt.exit_code, 0) << bt.out << bt.err;
  EXPECT_TRUE(is_json(bt.out, dir_ / "bt.json")) << bt.out;
  EXPECT_NE(bt.out.find("\"model\": \"negbin_weekday\""), std::string::npos) << bt.out;

  const std::string version = riskgrid("--version").output.substr(std::string("riskgrid ").size());
  const auto comparison = open_like_an_analyst("comparison " + (dir_ / "batch" / "comparison.h5").string());
  if (comparison.count("skip")) GTEST_SKIP() << comparison.at("skip");
  EXPECT_EQ(comparison.at("h5py version") + "\n", version);
  for (const std::string engine : {"h5netcdf", "netcdf4"}) {
    if (comparison.count(engine + " change_0_0")) {
      EXPECT_EQ(comparison.at(engine + " change_0_0"), comparison.at("h5py change_0_0"));
    }
  }
  const auto scores = open_like_an_analyst("backtest " + (dir_ / "bt" / "backtest.h5").string());
  EXPECT_EQ(scores.at("h5py version") + "\n", version);
  for (const std::string engine : {"h5netcdf", "netcdf4"}) {
    if (!scores.count(engine + " scores_0_0_0")) continue;
    EXPECT_EQ(scores.at(engine + " scores_0_0_0"), scores.at("h5py scores_0_0_0"));
    EXPECT_EQ(scores.at(engine + " model0"), "negbin_weekday");
  }
}

TEST_F(AnalystFiles, IngestJsonCountsEveryRow) {
  const auto r = run_split("ingest " + kData +
                               "/ingest/nasty/district.yaml --no-cache --max-bad-fraction 0.9 --json "
                               "--out " +
                               (dir_ / "ingest").string(),
                           dir_ / "ingest.err");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(is_json(r.out, dir_ / "ingest.json")) << r.out;
  EXPECT_NE(r.out.find("\"accepted\": "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"quarantined_by_reason\": {"), std::string::npos) << r.out;
}

TEST_F(AnalystFiles, VersionAndHelp) {
  const auto version = riskgrid("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output.rfind("riskgrid ", 0), 0u) << version.output;
  const auto help = riskgrid("help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("export"), std::string::npos) << help.output;
  const auto run_help = riskgrid("help run");
  EXPECT_EQ(run_help.exit_code, 0);
  EXPECT_NE(run_help.output.find("--json"), std::string::npos) << run_help.output;
  EXPECT_EQ(riskgrid("help nosuch").exit_code, 2);
}

}  // namespace
}  // namespace riskgrid
