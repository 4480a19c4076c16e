#include "backtest_spec.hpp"

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/scenario_document.hpp"
#include "riskgrid/models/backtest/bin_check.hpp"
#include "riskgrid/models/registry.hpp"

namespace riskgrid::app {

namespace {

time::Seconds read_day(const io::Fields& f, const std::string& key) {
  const auto t = time::parse_iso(f.text(key));
  if (!t || *t % time::kDay != 0) f.fail(key, "a date like 2026-08-03 (origins are midnights)");
  return *t;
}

void read_models(const io::Fields& f, BacktestSpec& spec) {
  const YAML::Node list = f.required_node("models");
  if (!list.IsSequence() || list.size() == 0) f.fail("models", "a list of arrival models");
  models::ModelRegistry registry;
  models::register_builtin(registry);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = fmt::format("backtest.models[{}]", i);
    scenario::ModelChoice choice = scenario::read_model_choice(list[i], f.file_of("models"), path);
    registry.arrivals.create(choice, path);  // an unknown or out-of-range setting fails here, at its line
    for (const auto& earlier : spec.plan.models)
      if (earlier.display() == choice.display())
        throw ScenarioError(fmt::format("{}: {}: a second model called \"{}\"; give it a label:", choice.where, path,
                                        choice.display()));
    spec.model_where.push_back(choice.where);
    spec.plan.models.push_back(std::move(choice));
  }
}

void read_origins(const io::Fields& f, BacktestSpec& spec) {
  f.required_node("origins");
  const io::Fields o = f.child("origins");
  const time::Seconds first = read_day(o, "first"), last = read_day(o, "last");
  const long long every = o.integer_or("every_days", 7, 1, 3660);
  if (last < first) o.fail("last", "a date on or after first");
  for (time::Seconds t = first; t <= last; t += every * time::kDay) spec.plan.origins.push_back(t);
  o.reject_unknown();
}

void read_horizon(const io::Fields& f, BacktestSpec& spec) {
  if (!f.has("horizon")) return;
  const io::Fields h = f.child("horizon");
  spec.plan.horizon_days = static_cast<std::size_t>(h.integer_or("days", 7, 1, 366));
  const std::string bin = h.choice_or("bin", {"hour", "day", "week", "horizon"}, "day");
  const time::Seconds length = static_cast<time::Seconds>(spec.plan.horizon_days) * time::kDay;
  spec.plan.bin = bin == "hour" ? time::kHour : bin == "day" ? time::kDay : bin == "week" ? 7 * time::kDay : length;
  if (length % spec.plan.bin != 0) h.fail("bin", "a bin that divides the horizon (weeks need days: 7, 14, ...)");
  h.reject_unknown();
}

}  // namespace

BacktestSpec load_backtest_spec(const std::string& path) {
  const scenario::ScenarioDocument doc = scenario::load_scenario_document(path);
  const io::Fields top(doc.root, doc.sources, "");
  BacktestSpec spec;
  if (!doc.root["backtest"])
    throw ScenarioError(fmt::format("{}: backtest: this scenario has no backtest block (docs/backtest.md)", path));
  const io::Fields f = top.child("backtest");
  spec.where = io::where(top.file_of("backtest"), doc.root["backtest"]);
  read_models(f, spec);
  read_origins(f, spec);
  read_horizon(f, spec);
  {  // every model must answer the plan's bins: say which cannot, at its line, before any data is read
    models::ModelRegistry registry;
    models::register_builtin(registry);
    for (std::size_t i = 0; i < spec.plan.models.size(); ++i)
      models::backtest::check_bins(registry.arrivals, spec.plan.models[i], fmt::format("backtest.models[{}]", i),
                                   spec.plan.bin, spec.plan.horizon_days);
  }
  if (f.has("training")) {
    const io::Fields t = f.child("training");
    spec.plan.window_days = static_cast<std::size_t>(7 * t.integer_or("weeks", 12, 1, 1040));
    t.reject_unknown();
  }
  if (f.has("area_shares")) {
    const YAML::Node list = f.node("area_shares");
    if (!list.IsSequence() || list.size() == 0) f.fail("area_shares", "a list of shares in (0, 1]");
    spec.plan.area_shares.clear();
    for (const auto& item : list) {
      double v = 0;
      if (!YAML::convert<double>::decode(item, v) || !(v > 0 && v <= 1))
        f.fail_at(item, "area_shares", "expected a share of the area in (0, 1], e.g. 0.05");
      spec.plan.area_shares.push_back(v);
    }
  }
  if (f.has("scoring")) {
    const io::Fields sc = f.child("scoring");
    spec.plan.field_scores = sc.flag_or("field", false);
    sc.reject_unknown();
  }
  spec.plan.by_category = f.choice_or("level", {"grid_category", "grid"}, "grid_category") == "grid_category";
  spec.plan.calibration_horizons = static_cast<std::size_t>(f.integer_or("calibration_horizons", 4, 0, 52));
  spec.plan.interval = f.fraction_or("interval", 0.9);
  if (!(spec.plan.interval > 0 && spec.plan.interval < 1)) f.fail("interval", "a probability in (0, 1)");
  f.reject_unknown();
  return spec;
}

bool has_backtest_block(const std::string& path) {
  return static_cast<bool>(scenario::load_scenario_document(path).root["backtest"]);
}

}  // namespace riskgrid::app
