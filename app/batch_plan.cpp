#include "batch_plan.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/run/run.hpp"

namespace riskgrid::app {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".done";

/// A scenario has a horizon of its own or inherits one; the district's data files have neither.
bool looks_like_scenario(const fs::path& path) {
  static const std::set<std::string> kNotScenarios{"district.yaml", "categories.yaml", "synth.yaml", "towns.yaml"};
  if (path.extension() != ".yaml" || kNotScenarios.count(path.filename().string())) return false;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("horizon:") || line.starts_with("extends:")) return true;
  return false;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<std::string> collect_scenario_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw IoError(fmt::format("{}: no such file or directory", input));
    if (!fs::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(input))
      if (entry.is_regular_file() && looks_like_scenario(entry.path())) found.push_back(entry.path().string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  if (files.empty()) throw ScenarioError("batch: no scenario files found (a scenario has a horizon: key)");
  return files;
}

std::vector<BatchRun> plan_batch(const run::RunContext& context, const std::vector<std::string>& files,
                                 std::optional<std::uint64_t> replicas) {
  for (const std::string& file : files) run::validate_scenario_file(context, file);
  std::vector<BatchRun> runs;
  std::map<std::string, std::string> seen;  // run name -> the file that named it
  for (const std::string& file : files) {
    const std::vector<scenario::ScenarioSpec> specs = scenario::load_scenarios(file, context.load_options());
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& s = specs[i];
      const auto [where, fresh] = seen.emplace(s.name, file);
      if (!fresh)  // two runs writing one folder would overwrite each other
        throw ScenarioError(fmt::format("{}: run name \"{}\" is also a run of {}", file, s.name, where->second));
      runs.push_back({file, specs.size() > 1 ? std::optional(i) : std::nullopt, s.name, io::sha256_hex(s.text),
                      replicas.value_or(s.replicas)});
    }
  }
  return runs;
}

std::string done_marker_text(const BatchRun& run) {
  return fmt::format("scenario_sha256 {}\nreplicas {}\n", run.sha256, run.replicas);
}

bool run_is_finished(const std::string& dir, const BatchRun& run) {
  const fs::path marker = fs::path(dir) / kMarker;
  return fs::exists(fs::path(dir) / "results.h5") && fs::exists(marker) && read_text(marker) == done_marker_text(run);
}

void remove_stale_temporaries(const std::string& dir) { io::remove_stale_temporaries(dir); }

void prepare_run_dir(const std::string& dir) {
  std::error_code ec;
  fs::remove(fs::path(dir) / kMarker, ec);
  if (ec) throw IoError(fmt::format("{}: cannot remove: {}", (fs::path(dir) / kMarker).string(), ec.message()));
  remove_stale_temporaries(dir);
}

void write_done_marker(const std::string& dir, const BatchRun& run) {
  io::write_file((fs::path(dir) / kMarker).string(), done_marker_text(run), "the run's .done marker");
}

}  // namespace riskgrid::app
