#include "riskgrid/models/response/time_limit.hpp"

#include <cmath>

namespace riskgrid::models::response {

double limit_deadline(const ResponseConfig& cfg, const CategoryHandling& h, bool urgent, time::Seconds origin,
                      double start) {
  // A limit drill with a window scales the limits of the rounds that start within it.
  const double factor = cfg.limit_window.contains(start) ? cfg.time_limit_factor : 1.0;
  if (urgent) return start + h.urgent_limit_hours * factor * double(time::kHour);
  const time::Seconds at = origin + time::Seconds(std::floor(start));
  const auto work = time::Seconds(std::llround(h.time_limit_hours * factor * double(time::kHour)));
  return double(cfg.calendar.add_working(at, work) - origin);
}

}  // namespace riskgrid::models::response
