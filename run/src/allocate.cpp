// riskgrid allocate: the scenario prepared, the bounds, the search, and current against proposed.
#include "riskgrid/run/allocate.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/dir_lock.hpp"
#include "riskgrid/models/response/des_settings.hpp"

namespace riskgrid::run {
namespace fs = std::filesystem;
namespace response = models::response;

namespace {

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

/// The staff drills allocate can plan over: whole-horizon changes and moves on unmerged grids.
void check_plannable(const response::DesSettings& s, const scenario::ScenarioSpec& spec) {
  const auto inside = [&spec](time::Seconds t) { return t > spec.horizon.start && t < spec.horizon.end(); };
  for (const auto& change : s.staff_changes)
    if (inside(change.start) || inside(change.end))
      throw ScenarioError(fmt::format(
          "{}: response.staff.changes: allocate plans one allocation for the whole horizon; a change with a "
          "window that starts or ends inside it cannot be planned (run allocate on a scenario without it)",
          change.where));
  if (!s.merges.empty())
    throw ScenarioError(
        fmt::format("{}: response.staff.merge_grids: allocate moves staff between grids, not "
                    "between merged pools (run it on the unmerged scenario)",
                    s.merges.front().where));
}

/// Per-grid bounds from the options and the optional CSV `grid,min,max`.
void read_bounds(const AllocateRequest& q, const spatial::District& d, AllocationBounds& b) {
  const std::size_t grids = d.grids.size();
  b.min.assign(grids, q.min_staff);
  b.max.assign(grids, q.max_staff.value_or(std::numeric_limits<double>::infinity()));
  if (q.bounds_csv.empty()) return;
  std::ifstream in(q.bounds_csv);
  if (!in) throw IoError(fmt::format("{}: cannot read the bounds file", q.bounds_csv));
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (number == 1 && line.rfind("grid", 0) == 0)) continue;
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();
    if (cells.size() != 3)
      throw InputError(fmt::format("{}:{}: expected grid,min,max, got \"{}\"", q.bounds_csv, number, line));
    const auto g = d.grid_index(cells[0]);
    if (!g)
      throw InputError(fmt::format("{}:{}: grid: no grid \"{}\" in the district", q.bounds_csv, number, cells[0]));
    for (std::size_t k = 1; k < 3; ++k) {
      if (cells[k].empty()) continue;
      std::size_t used = 0;
      double value = -1;
      try {
        value = std::stod(cells[k], &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != cells[k].size() || !(value >= 0))
        throw InputError(fmt::format("{}:{}: {}: expected a number of people >= 0, got \"{}\"", q.bounds_csv, number,
                                     k == 1 ? "min" : "max", cells[k]));
      (k == 1 ? b.min : b.max)[*g] = value;
    }
  }
}

AllocationFigure figure(const char* name, const Evaluation& now, const Evaluation& proposed,
                        double (*of)(const ReplicaFigures&, std::size_t)) {
  AllocationFigure f;
  f.name = name;
  std::vector<double> a, b;
  for (std::size_t r = 0; r < now.figures.replicas; ++r) {
    a.push_back(of(now.figures, r));
    b.push_back(of(proposed.figures, r));
  }
  f.now = sum(a) / double(a.size());
  f.proposed = sum(b) / double(b.size());
  f.difference = paired_difference(a, b, 0.05);
  return f;
}

}  // namespace

std::vector<double> whole_allocation(const std::vector<double>& now, double total, const std::vector<double>& min,
                                     const std::vector<double>& max) {
  const std::size_t n = now.size();
  bool as_is = std::abs(sum(now) - total) < 1e-9;
  for (std::size_t g = 0; g < n; ++g)
    as_is = as_is && now[g] == std::floor(now[g]) && now[g] >= min[g] && now[g] <= max[g];
  if (as_is) return now;
  std::vector<double> x(n), rest(n);
  const double scale = sum(now) > 0 ? total / sum(now) : 0;
  for (std::size_t g = 0; g < n; ++g) {
    const double share = sum(now) > 0 ? now[g] * scale : total / double(n);
    x[g] = std::floor(share + 1e-9);
    rest[g] = share - x[g];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rest[a] > rest[b]; });
  for (std::size_t i = 0; sum(x) < total - 1e-9; i = (i + 1) % n) x[order[i]] += 1;
  for (std::size_t g = 0; g < n; ++g) x[g] = std::clamp(x[g], std::ceil(min[g]), std::floor(max[g]));
  // Back to the total within the bounds: one person at a time from the fullest grid, to the emptiest.
  for (double diff = sum(x) - total; std::abs(diff) > 1e-9; diff = sum(x) - total) {
    std::size_t pick = n;
    for (std::size_t g = 0; g < n; ++g) {
      const bool can = diff > 0 ? x[g] - 1 >= min[g] : x[g] + 1 <= max[g];
      if (can && (pick == n || (diff > 0 ? x[g] > x[pick] : x[g] < x[pick]))) pick = g;
    }
    if (pick == n)
      throw ScenarioError(fmt::format("allocate: no allocation of {} people meets the grids' bounds", total));
    x[pick] += diff > 0 ? -1 : 1;
  }
  return x;
}

AllocateOutcome allocate_staff(const RunContext& context, const AllocateRequest& q) {
  const Ranks& ranks = context.processes();
  RunRequest rr{q.scenario_path, q.out_dir, q.replicas, q.seed, std::nullopt, std::nullopt};
  scenario::ScenarioSpec spec = scenario_of(context, rr);
  if (!q.replicas) spec.replicas = std::min<std::uint64_t>(spec.replicas, kAllocateReplicas);
  if (spec.response.model != "des")
    throw ScenarioError(
        fmt::format("{}: allocate needs case handling: a response: block with the des model", spec.file));
  const response::DesSettings settings = response::read_des_settings(spec.response);
  check_plannable(settings, spec);
  if (rr.out_dir.empty()) rr.out_dir = (fs::path("out") / (spec.name + "_allocate")).string();
  std::unique_ptr<io::DirLock> lock;
  std::unique_ptr<const Prepared> prepared;
  ranks.on_every_rank([&] {
    if (ranks.is_root()) lock = std::make_unique<io::DirLock>(rr.out_dir);
    prepared = prepare(context, rr, spec);
  });
  const spatial::District& district = prepared->in.district;
  const std::vector<double> now = response::grid_staff_at(settings, district, spec.horizon.start);
  AllocationBounds bounds;
  read_bounds(q, district, bounds);
  const double total = q.staff.value_or(std::round(sum(now)));
  if (!(total >= sum(bounds.min) - 1e-9) || !(total <= sum(bounds.max) + 1e-9) || total != std::floor(total))
    throw ScenarioError(
        fmt::format("--staff {}: expected whole people between the grids' minimums ({}) and maximums ({})", total,
                    sum(bounds.min), sum(bounds.max)));
  bounds.start = whole_allocation(now, total, bounds.min, bounds.max);
  bounds.moves = q.moves.value_or(-1);

  const auto t0 = std::chrono::steady_clock::now();
  const CrnEvaluator evaluator(context, *prepared, spec.replicas, q.objective);
  const auto servers = [&settings](double people) { return response::grid_pool_servers(people, settings); };
  SearchOptions search = q.search;
  if (!search.log) search.log = context.log;
  const SearchResult found = search_allocation(evaluator, bounds, servers, search);
  const Evaluation current = evaluator.evaluate(now);

  AllocateOutcome out;
  out.title = spec.title;
  out.objective = q.objective == AllocationObjective::kOverdue ? "overdue" : "on_time";
  out.replicas = spec.replicas;
  out.seed = spec.seed;
  out.total_now = sum(now);
  out.total_proposed = sum(found.best.staff);
  out.moved = people_moved(bounds.start, found.best.staff);
  for (std::size_t g = 0; g < district.grids.size(); ++g) {
    const auto& grid = district.grids[g];
    out.grids.push_back(
        {grid.id, grid.name, grid.parent, now[g], found.best.staff[g], servers(now[g]), servers(found.best.staff[g])});
  }
  out.figures = {figure("on_time_share", current, found.best, &on_time_share),
                 figure("overdue_end", current, found.best, &overdue_end),
                 figure("utilisation", current, found.best, &utilisation)};
  out.evaluations = evaluator.evaluations();
  out.rounds = found.rounds;
  out.accepted = found.accepted;
  out.local_accepted = found.local_accepted;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ranks.on_root_rank([&] { out.outputs = write_allocation(*prepared, out, rr.out_dir); });
  return out;
}

double min_gain_per_person(AllocationObjective objective, std::optional<double> given) {
  if (objective == AllocationObjective::kOverdue) return given.value_or(0.5);
  return given.value_or(0.01) / 100;  // points -> share, the on-time objective's unit
}

}  // namespace riskgrid::run
