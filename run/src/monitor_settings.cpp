// The `monitor:` block of a scenario file: the alert controls (docs/monitor.md).
#include "riskgrid/engine/io/yaml_fields.hpp"
#include "riskgrid/engine/scenario/scenario_document.hpp"
#include "riskgrid/run/monitor.hpp"

namespace riskgrid::run {

models::monitor::MonitorSettings load_monitor_settings(const std::string& scenario_path) {
  const scenario::ScenarioDocument doc = scenario::load_scenario_document(scenario_path);
  models::monitor::MonitorSettings s;
  if (!doc.root["monitor"]) return s;
  const io::Fields top(doc.root, doc.sources, "");
  const io::Fields f = top.child("monitor");
  s.window_days = static_cast<std::size_t>(f.integer_or("window_days", static_cast<long long>(s.window_days), 1, 60));
  s.alpha = f.fraction_or("alpha", s.alpha);
  if (!(s.alpha > 0 && s.alpha < 1)) f.fail("alpha", "a false-alert level in (0, 1), e.g. 0.05");
  if (f.has("cusum")) {
    const io::Fields c = f.child("cusum");
    s.cusum_k = c.number_or("k", s.cusum_k);
    s.cusum_h = c.number_or("h", s.cusum_h);
    if (!(s.cusum_k >= 0 && s.cusum_k <= 10)) c.fail("k", "a reference value from 0 to 10 (standard deviations)");
    if (!(s.cusum_h >= 0 && s.cusum_h <= 100)) c.fail("h", "a decision threshold from 0 to 100");
    c.reject_unknown();
  }
  if (f.has("scan")) {
    const io::Fields c = f.child("scan");
    s.max_cluster_grids = static_cast<std::size_t>(c.integer_or("max_grids", 5, 1, 50));
    s.max_days = static_cast<std::size_t>(c.integer_or("max_days", 7, 1, 60));
    c.reject_unknown();
  }
  s.replicas = static_cast<std::size_t>(f.integer_or("replicas", 999, 19, 99'999));
  f.reject_unknown();
  return s;
}

}  // namespace riskgrid::run
