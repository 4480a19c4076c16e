// riskgrid calibrate DISTRICT_OR_SCENARIO.yaml: handling-time distributions from the closing times (and
// stage times) of the district's mapped history (docs/calibration.md). Prints the fit table and writes
// <out>/calibration.csv and <out>/handling.yaml, a `handling:` table a `response:` block can name.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "calibration_report.hpp"
#include "command_line.hpp"
#include "environment.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/models/response/handling_calibration.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct CalibrateArgs {
  std::string file, out_dir = "out/calibrate", observed_until, open = "censor";
  bool no_cache = false;
  int threads = 0;
  IngestFlags ingest_flags;
};

ingest::IngestOptions ingest_options(const CalibrateArgs& a, const std::string& quarantine_csv) {
  ingest::IngestOptions options;
  options.quarantine_csv = quarantine_csv;
  options.cache_dir = a.no_cache ? "" : default_cache_dir();
  options.max_bad_fraction = a.ingest_flags.max_bad();
  options.threads = a.threads;
  return options;
}

/// Each stage's time per case of `base`, from an ingest with the stage's column as `closed` (ingest
/// keeps one closing time; reading the small file once per stage keeps its code untouched). Cases
/// are matched by id, so a row a stage pass quarantined (a bad stage time) only loses that stage.
std::vector<std::vector<time::Seconds>> stage_times(const ingest::HistorySource& source,
                                                    const incidents::IncidentTable& base,
                                                    const spatial::District& district,
                                                    const catalog::CategoryCatalog& catalog, const CalibrateArgs& a) {
  std::map<std::string, std::size_t, std::less<>> row_of;  // transparent: ids are string_views
  for (std::size_t i = 0; i < base.size(); ++i)
    if (!row_of.emplace(base.id[i], i).second)
      throw InputError(
          fmt::format("{}: id '{}' occurs twice; stages are matched by id, so columns.id must "
                      "name a unique column (or be left out: the line number)",
                      source.path, base.id[i]));
  std::vector<std::vector<time::Seconds>> times;
  for (const ingest::StageColumns& stage : source.stages) {
    ingest::HistorySource with_stage = source;
    with_stage.closed = stage.time;
    with_stage.text += "\n# calibrate stage: " + stage.name;  // its own incident store
    const auto pass = ingest::ingest_history(with_stage, district, catalog, ingest_options(a, ""));
    std::vector<time::Seconds>& t = times.emplace_back(base.size(), -1);
    for (std::size_t i = 0; i < pass.table.size(); ++i)
      if (const auto it = row_of.find(pass.table.id[i]); it != row_of.end()) t[it->second] = pass.table.closed[i];
  }
  return times;
}

CalibrateArgs parse_args(const Args& args, bool& help) {
  CalibrateArgs a;
  po::options_description visible("riskgrid calibrate DISTRICT_OR_SCENARIO.yaml [options]");
  visible.add_options()("help,h", "show this help")("out,o", po::value(&a.out_dir),
                                                    "output folder (default out/calibrate)")(
      "observed-until", po::value(&a.observed_until),
      "end of the sample, local time (YYYY-MM-DD hh:mm); open cases are censored there (default: latest time in the "
      "data)")("open", po::value(&a.open), "open cases: censor (default) or drop")(
      "threads,t", po::value(&a.threads)->default_value(0), "worker threads (0 = all cores)")(
      "no-cache", po::bool_switch(&a.no_cache), "parse again even when the incident store has this input");
  a.ingest_flags.add_to(visible);
  po::options_description all;
  all.add(visible).add_options()("file", po::value(&a.file));
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  help = vm.count("help") > 0;
  if (help) std::cout << visible << "\n";
  return a;
}

models::response::CalibrationOptions calibration_options(const CalibrateArgs& a) {
  models::response::CalibrationOptions options;
  if (a.open != "censor" && a.open != "drop")
    throw po::error(fmt::format("calibrate: --open expects censor or drop, got '{}'", a.open));
  options.drop_open = a.open == "drop";
  if (!a.observed_until.empty()) {
    options.observed_until = time::parse_iso(a.observed_until);
    if (!options.observed_until)
      throw po::error(fmt::format("calibrate: --observed-until expects a local time like 2023-04-15 00:00, got '{}'",
                                  a.observed_until));
  }
  return options;
}

}  // namespace

int run_calibrate(const Args& args) {
  bool help = false;
  const CalibrateArgs a = parse_args(args, help);
  if (help) return kOk;
  if (a.file.empty()) throw po::error("calibrate: missing the district or scenario file (riskgrid calibrate --help)");
  a.ingest_flags.apply();
  const models::response::CalibrationOptions options = calibration_options(a);
  const scenario::DistrictSpec d = a.ingest_flags.district_of(a.file);
  if (!d.history_source || d.history_source->closed.empty())
    throw ScenarioError(
        fmt::format("{}: calibrate needs a mapped history (history.columns) with a closing time "
                    "(columns.closed); see docs/calibration.md",
                    a.file));
  const catalog::CategoryCatalog catalog = catalog::load_catalog(d.categories);
  const scenario::LoadedDistrict loaded = scenario::load_district(d);
  for (const auto& warning : loaded.warnings) std::fprintf(stderr, "riskgrid: warning: %s\n", warning.c_str());
  const fs::path out(a.out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create the output folder: {}", out.string(), ec.message()));
  const ingest::HistorySource& source = *d.history_source;
  const auto base =
      ingest::ingest_history(source, loaded.district, catalog, ingest_options(a, (out / "quarantine.csv").string()));
  std::fprintf(stderr, "%s", ingest::format_summary(base.summary).c_str());
  models::response::Calibration cal = models::response::calibrate_handling(base.table, catalog, options);
  std::vector<std::string> names;
  for (const auto& stage : source.stages) names.push_back(stage.name);
  for (auto& row : models::response::calibrate_stages(base.table, catalog, names,
                                                      stage_times(source, base.table, loaded.district, catalog, a)))
    cal.rows.push_back(std::move(row));
  const std::string censoring =
      options.drop_open
          ? "open cases dropped"
          : fmt::format("open cases right-censored at {} local time{}", time::format_iso(cal.observed_until),
                        options.observed_until ? "" : " (the latest time in the data)");
  std::printf("%s: %zu cases; %s\n%s", source.path.c_str(), base.table.size(), censoring.c_str(),
              format_calibration_table(cal.rows).c_str());
  std::printf("\n");
  for (const std::string& line : effort_assumption(cal.rows)) std::printf("%s\n", line.c_str());
  write_calibration_csv((out / "calibration.csv").string(), cal.rows);
  write_handling_yaml((out / "handling.yaml").string(), cal.rows,
                      {"Written by riskgrid calibrate from " + source.path, censoring,
                       "Log-normal handling times (created -> closed, hours) per category; see docs/calibration.md.",
                       "Use it in a scenario as   response: {handling: handling.yaml}"});
  std::printf("\ntable:    %s\nhandling: %s\n", (out / "calibration.csv").string().c_str(),
              (out / "handling.yaml").string().c_str());
  return kOk;
}

}  // namespace riskgrid::app
