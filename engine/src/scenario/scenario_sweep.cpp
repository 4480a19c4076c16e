#include "riskgrid/engine/scenario/scenario_sweep.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::scenario {

namespace {

/// One step of a key path: a mapping key or a list index.
struct Step {
  std::string key;
  std::optional<std::size_t> index;
};

/// Top-level keys a sweep may set although the file leaves them at their default.
const std::vector<std::string> kDefaultedKeys = {"seed", "replicas", "model", "title", "description"};

[[noreturn]] void fail(const ScenarioDocument& doc, const YAML::Node& at, const std::string& path,
                       const std::string& message) {
  throw ScenarioError(fmt::format("{}: sweep.{}: {}", io::where(doc.sources->file_of("sweep"), at), path, message));
}

std::vector<Step> parse_path(const ScenarioDocument& doc, const YAML::Node& key_node) {
  const std::string& path = key_node.Scalar();
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const std::string digits = path.substr(i + 1, close == std::string::npos ? 0 : close - i - 1);
      // At most 6 digits: no list in a settings file is that long, and stoul would throw on 20 (fuzz).
      if (close == std::string::npos || digits.empty() || digits.size() > 6 ||
          digits.find_first_not_of("0123456789") != std::string::npos || steps.empty())
        fail(doc, key_node, path, "expected a key path like drills[0].factor (an index of at most 6 digits)");
      steps.push_back({"", std::stoul(digits)});
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    steps.push_back({path.substr(i, end == std::string::npos ? std::string::npos : end - i), {}});
    if (steps.back().key.empty()) fail(doc, key_node, path, "expected a key path like drills[0].factor");
    i = end == std::string::npos ? path.size() : (path[end] == '.' ? end + 1 : end);
  }
  if (steps.empty()) fail(doc, key_node, path, "expected a key path like drills[0].factor");
  return steps;
}

/// Walks `steps` through the document; every step must exist but a defaulted top-level key.
void check_path(const ScenarioDocument& doc, const YAML::Node& key_node, const std::vector<Step>& steps) {
  const std::string& path = key_node.Scalar();
  if (steps[0].key == "name" || steps[0].key == "sweep")
    fail(doc, key_node, path, "cannot be swept (runs are named by the sweep)");
  YAML::Node at = doc.root;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    YAML::Node next;
    if (steps[s].index) {
      if (!at.IsSequence() || *steps[s].index >= at.size())
        fail(doc, key_node, path,
             fmt::format("no such list entry (the list has {} entries)", at.IsSequence() ? at.size() : 0));
      next.reset(at[*steps[s].index]);
    } else {
      if (!at.IsMap()) fail(doc, key_node, path, fmt::format("'{}' is not inside a mapping", steps[s].key));
      const YAML::Node& read = at;                  // const access: operator[] would insert the key
      const YAML::Node found = read[steps[s].key];  // invalid when missing: no reset() on it
      if (!found.IsDefined()) {
        std::vector<std::string> known;
        for (const auto& entry : at) known.push_back(entry.first.Scalar());
        if (s == 0) known.insert(known.end(), kDefaultedKeys.begin(), kDefaultedKeys.end());
        if (s == 0 && steps.size() == 1 &&
            std::find(kDefaultedKeys.begin(), kDefaultedKeys.end(), steps[0].key) != kDefaultedKeys.end())
          return;
        const std::string hint = io::closest_match(steps[s].key, known);
        fail(doc, key_node, path,
             fmt::format("unknown key '{}'{}", steps[s].key,
                         hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
      }
      next.reset(found);
    }
    at.reset(next);
  }
}

std::string sanitise(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_' || lower == '-')
      out += lower;
    else if (lower == '.')
      out += 'p';  // 1.5 -> 1p5: keeps "1.5" and "15" apart
    else
      out += '_';
  }
  return out;
}

/// Run `run`'s value index on each axis (mixed radix, the first axis slowest).
std::vector<std::size_t> digits_of(const std::vector<SweepAxis>& axes, std::size_t run) {
  std::vector<std::size_t> digits(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    digits[a] = run % axes[a].values.size();
    run /= axes[a].values.size();
  }
  return digits;
}

}  // namespace

std::vector<SweepAxis> read_sweep(const ScenarioDocument& doc) {
  const YAML::Node& root = doc.root;
  const YAML::Node sweep = root["sweep"];
  if (!sweep.IsDefined()) return {};
  if (!sweep.IsMap() || sweep.size() == 0)
    throw ScenarioError(fmt::format("{}: sweep: expected a mapping from key paths to lists of values",
                                    io::where(doc.sources->file_of("sweep"), sweep)));
  std::vector<SweepAxis> axes;
  for (const auto& entry : sweep) {
    const std::vector<Step> steps = parse_path(doc, entry.first);
    check_path(doc, entry.first, steps);
    if (!entry.second.IsSequence() || entry.second.size() == 0)
      fail(doc, entry.second, entry.first.Scalar(), "expected a non-empty list of values");
    SweepAxis axis{entry.first.Scalar(), "", {}};
    for (const auto& step : steps)
      if (!step.index) axis.short_key = step.key;
    for (std::size_t v = 0; v < entry.second.size(); ++v) axis.values.push_back(entry.second[v]);
    axes.push_back(std::move(axis));
  }
  // Checked as the product grows: enough axes would overflow the count before it was compared.
  std::size_t runs = 1;
  for (const auto& axis : axes) {
    if (runs > kMaxSweepRuns / axis.values.size())
      throw ScenarioError(fmt::format("{}: sweep: more than {} runs (the product of the lists' lengths)",
                                      io::where(doc.sources->file_of("sweep"), sweep), kMaxSweepRuns));
    runs *= axis.values.size();
  }
  return axes;
}

std::size_t sweep_size(const std::vector<SweepAxis>& axes) {
  std::size_t runs = axes.empty() ? 0 : 1;
  for (const auto& axis : axes) runs *= axis.values.size();
  return runs;
}

std::vector<std::size_t> sweep_runs_to_check(const std::vector<SweepAxis>& axes) {
  if (axes.empty()) return {};
  std::vector<std::size_t> runs{0};
  std::size_t stride = sweep_size(axes);
  for (const auto& axis : axes) {
    stride /= axis.values.size();  // runs between two values of this axis (the first varies slowest)
    for (std::size_t v = 1; v < axis.values.size(); ++v) runs.push_back(v * stride);
  }
  return runs;
}

std::vector<std::string> sweep_run_names(const ScenarioDocument& doc, const std::vector<SweepAxis>& axes) {
  const YAML::Node& root = doc.root;
  // Checked here because each run's name replaces it: the loader would never see it missing.
  const YAML::Node base_name = root["name"];  // invalid when missing: IsScalar() would throw
  if (!base_name.IsDefined() || !base_name.IsScalar())
    throw ScenarioError(fmt::format("{}: name: required key is missing (runs are named after it)", doc.file));
  const std::string& base = base_name.Scalar();
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t run = 0; run < sweep_size(axes); ++run) {
    const std::vector<std::size_t> digits = digits_of(axes, run);
    std::string name = base;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const YAML::Node& value = axes[a].values[digits[a]];
      // A list or mapping value has no short spelling: its position in the sweep list names it.
      const std::string spelled = value.IsScalar() ? value.Scalar() : fmt::format("{}", digits[a] + 1);
      name += "-" + sanitise(axes[a].short_key + spelled);
    }
    if (!seen.insert(name).second)
      throw ScenarioError(fmt::format("{}: sweep: two runs would both be named '{}'",
                                      io::where(doc.sources->file_of("sweep"), root["sweep"]), name));
    names.push_back(name);
  }
  return names;
}

void apply_sweep_run(ScenarioDocument& doc, const std::vector<SweepAxis>& axes, std::size_t run,
                     const std::string& name) {
  const std::vector<std::size_t> digits = digits_of(axes, run);
  const std::string sweep_file = doc.sources->file_of("sweep");
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const std::vector<Step> steps = parse_path(doc, YAML::Node(axes[a].path));
    YAML::Node at = doc.root;
    // reset() rebinds the handle; `at = at[...]` would overwrite the document's node instead.
    for (std::size_t s = 0; s + 1 < steps.size(); ++s)
      at.reset(steps[s].index ? at[*steps[s].index] : at[steps[s].key]);
    if (steps.back().index)
      at[*steps.back().index] = axes[a].values[digits[a]];
    else
      at[steps.back().key] = axes[a].values[digits[a]];
    // A bad value is reported where the sweep list wrote it.
    doc.sources->set(axes[a].path, sweep_file);
  }
  doc.root["name"] = name;
}

std::string sweep_run_text(const ScenarioDocument& doc, std::size_t run, std::size_t runs) {
  YAML::Emitter out;
  out << doc.root;
  std::vector<std::string> files;
  for (const auto& file : doc.chain) files.push_back(std::filesystem::path(file).filename().string());
  return fmt::format("# resolved from {}: sweep run {} of {}\n{}\n", fmt::join(files, " -> "), run + 1, runs,
                     out.c_str());
}

}  // namespace riskgrid::scenario
