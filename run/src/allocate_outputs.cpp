// riskgrid allocate's files: allocation.csv, the map of the moves and the scenario that runs the proposal,
// each written atomically (docs/allocate.md describes them).
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/json_writer.hpp"
#include "riskgrid/engine/render/value_map.hpp"
#include "riskgrid/run/allocate.hpp"

namespace riskgrid::run {
namespace fs = std::filesystem;

namespace {

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string quoted(const std::string& text) {
  std::string out;
  io::append_json_string(out, text);  // a JSON string is a YAML double-quoted scalar
  return out;
}

std::string allocation_csv(const AllocateOutcome& o) {
  std::string out = "unit,name,town,staff_now,staff_proposed,change,servers_now,servers_proposed\n";
  for (const auto& g : o.grids)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", csv_cell(g.id), csv_cell(g.name), csv_cell(g.town), g.now,
                       g.proposed, g.proposed - g.now, g.servers_now, g.servers_proposed);
  return out;
}

/// A scenario that extends the input and sets every grid's staff to the proposal: `factor: 0` drops the
/// scenario's own figure and `add` gives the proposed one; the input's moves are cleared.
std::string proposal_yaml(const Prepared& p, const AllocateOutcome& o, const fs::path& dir) {
  const auto& s = p.in.spec;
  // Relative when the output folder sits near the scenario (the pair can move together), else absolute.
  fs::path base = fs::relative(fs::absolute(s.file), fs::absolute(dir));
  int up = 0;
  for (const auto& part : base) up += part == "..";
  if (base.empty() || up > 3) base = fs::absolute(s.file);
  std::string y = fmt::format(
      "# Written by riskgrid allocate (docs/allocate.md): {} with the proposed grid staff ({:g} people,\n"
      "# objective {}, {:g} people moved). With these replicas and seed it reproduces the proposed figures.\n"
      "extends: {}\nname: {}_allocated\ntitle: {}\nreplicas: {}\nseed: {}\nresponse:\n  staff:\n    moves: []\n"
      "    changes:   # each grid's people from the horizon start (factor 0 drops the scenario's figure)\n",
      s.name, o.total_proposed, o.objective, o.moved, quoted(base.generic_string()), s.name,
      quoted(s.title + " - proposed staff (riskgrid allocate)"), o.replicas, o.seed);
  for (const auto& g : o.grids)
    y += fmt::format("      - {{grids: [{}], factor: 0, add: {}}}   # now {:g}, {:+g}\n", quoted(g.id), g.proposed,
                     g.now, g.proposed - g.now);
  return y;
}

}  // namespace

std::vector<std::string> write_allocation(const Prepared& p, const AllocateOutcome& o, const std::string& dir_name) {
  const fs::path dir(dir_name);
  std::vector<std::string> paths;
  paths.push_back((dir / "allocation.csv").string());
  io::write_file(paths.back(), allocation_csv(o), "the allocation table");

  std::vector<double> change;
  for (const auto& g : o.grids) change.push_back(g.proposed - g.now);
  render::HeatmapSpec spec;
  spec.title = fmt::format("{}: proposed moves of grid staff", p.in.spec.title);
  const auto& on_time = o.figures.front();
  spec.subtitle = fmt::format("{:g} people moved; on-time share {:.1f}% -> {:.1f}% ({} replicas, objective {})",
                              o.moved, 100 * on_time.now, 100 * on_time.proposed, o.replicas, o.objective);
  spec.footnote = p.in.spec.district.note;
  spec.label_note = "numbers: people gained (+) or given up (-)";
  paths.push_back((dir / "moves.png").string());
  render::write_value_map(paths.back(), p.in.district, change, render::ColourScale::diverging_for(change),
                          {"Change in grid staff", "people, proposed - now"}, spec);

  paths.push_back((dir / (p.in.spec.name + "_allocated.yaml")).string());
  io::write_file(paths.back(), proposal_yaml(p, o, dir), "the proposal scenario");
  return paths;
}

}  // namespace riskgrid::run
