// riskgrid ingest DISTRICT_OR_SCENARIO.yaml: a city's incident CSV, as the district's `history:` block
// maps it, onto the district's units (docs/ingest.md). Writes <out>/incidents.h5 (the incident store)
// and <out>/quarantine.csv, and prints what became of every row.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "command_line.hpp"
#include "environment.hpp"
#include "exit_codes.hpp"
#include "ingest_flags.hpp"
#include "json_out.hpp"
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/incident_store.hpp"
#include "riskgrid/engine/ingest/ingest.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"
#include "riskgrid/engine/scenario/district_loader.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "subcommands.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

/// --json: the accounting of every row (read = accepted + quarantined) and where the files are.
std::string ingest_json(const ingest::IngestSummary& s, const std::string& store, const std::string& quarantine) {
  JsonObject reasons;
  for (const auto& [reason, count] : s.quarantined)
    reasons.integer(ingest::reason_name(reason), static_cast<std::int64_t>(count));
  return JsonObject()
      .text("source", s.source)
      .text("source_sha256", s.source_sha256)
      .integer("read", static_cast<std::int64_t>(s.read))
      .integer("accepted", static_cast<std::int64_t>(s.accepted))
      .integer("quarantined", static_cast<std::int64_t>(s.quarantined_total()))
      .raw("quarantined_by_reason", reasons.str())
      .integer("closed_before_created", static_cast<std::int64_t>(s.closed_before_created))
      .text("time_resolution", s.time_resolution)
      .raw("from_cache", s.from_cache ? "true" : "false")
      .number("seconds", s.seconds)
      .text("store", store)
      .text("quarantine", quarantine)
      .str();
}

}  // namespace

int run_ingest(const Args& args) {
  std::string file, out_dir;
  bool no_cache = false;
  bool json = false;  // the summary as JSON on stdout, nothing else there
  int threads = 0;
  po::options_description visible("riskgrid ingest DISTRICT_OR_SCENARIO.yaml [options]");
  visible.add_options()("help,h", "show this help")("out,o", po::value(&out_dir), "output folder (default out/ingest)")(
      "threads,t", po::value(&threads)->default_value(0), "worker threads (0 = all cores)")(
      "no-cache", po::bool_switch(&no_cache), "parse again even when the incident store has this input")(
      "json", po::bool_switch(&json), "print the summary as JSON on stdout (counts by reason, files), nothing else");
  IngestFlags ingest_flags;
  ingest_flags.add_to(visible);
  po::options_description all;
  all.add(visible).add_options()("file", po::value(&file));
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm = parse_command_line(args, all, positional);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kOk;
  }
  if (file.empty()) throw po::error("ingest: missing the district or scenario file (riskgrid ingest --help)");
  ingest_flags.apply();
  const scenario::DistrictSpec d = ingest_flags.district_of(file);
  if (!d.history_source)
    throw ScenarioError(
        fmt::format("{}: the district's history has no columns: mapping; riskgrid's own "
                    "history CSV needs no ingest (docs/ingest.md)",
                    file));
  const catalog::CategoryCatalog catalog = catalog::load_catalog(d.categories);
  const scenario::LoadedDistrict loaded = scenario::load_district(d);
  for (const auto& warning : loaded.warnings) std::fprintf(stderr, "riskgrid: warning: %s\n", warning.c_str());
  const spatial::District& district = loaded.district;
  const fs::path out = out_dir.empty() ? fs::path("out") / "ingest" : fs::path(out_dir);
  const io::DirLock lock(out.string());  // one command at a time in a folder; removes stale temporaries
  ingest::IngestOptions options;
  options.quarantine_csv = (out / "quarantine.csv").string();
  options.cache_dir = no_cache ? "" : default_cache_dir();
  // Too many quarantined rows is checked below, once the store is written too (docs/ingest.md: exit 3
  // still leaves the files to look at).
  options.max_bad_fraction = 1.0;
  options.load_table = false;  // a cache hit is copied below, not decoded
  options.threads = threads;
  const ingest::IngestResult result = ingest::ingest_history(*d.history_source, district, catalog, options);
  const std::string store = (out / "incidents.h5").string();
  if (result.store.empty()) {
    ingest::write_incident_store(store, result, district, catalog);
  } else {  // the cache's copy is the same file
    io::copy_file(result.store, store, "the incident store", [](std::uint64_t) { test_kill_point("store_copy"); });
  }
  const double max_bad =
      ingest_flags.max_bad().value_or(d.history_source->max_bad_fraction.value_or(ingest::kDefaultMaxBadFraction));
  try {
    ingest::check_bad_fraction(result.summary, max_bad, options.quarantine_csv);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}; the store is in {}", e.what(), store));
  }
  if (json) {
    print_json(ingest_json(result.summary, store, options.quarantine_csv));
    return kOk;
  }
  std::printf("%s", ingest::format_summary(result.summary).c_str());
  std::printf("store:      %s\nquarantine: %s\n", store.c_str(), options.quarantine_csv.c_str());
  return kOk;
}

}  // namespace riskgrid::app
