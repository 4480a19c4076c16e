// Sampling the synthetic history: per grid and category, background counts, then repeats, then
// closing times and sources; grids in parallel, merged and sorted in a fixed order.
#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/rng/distributions.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "synth_handling.hpp"
#include "synth_intensity.hpp"

namespace riskgrid::models {

namespace {

using synth_detail::Intensity;

struct Event {
  time::Seconds created = 0;
  time::Seconds closed = -1;
  geo::Point place;
  std::int64_t day = 0;  // day index (burn-in days first)
  std::uint32_t grid = 0;
  std::uint32_t sequence = 0;  // order of generation within (grid, category)
  std::uint16_t category = 0;
  std::uint16_t source = 0;
};

// Uniform points in one grid polygon, by rejection from its bounding box.
class GridPlacer {
 public:
  explicit GridPlacer(const spatial::Unit& grid) : shape_(&grid.shape), id_(&grid.id) {
    geo::bg::envelope(grid.shape, box_);
  }

  geo::Point anywhere(rng::Stream& s) const {
    const double w = box_.max_corner().x() - box_.min_corner().x();
    const double h = box_.max_corner().y() - box_.min_corner().y();
    for (int attempt = 0; attempt < 100000; ++attempt) {
      const geo::Point p(box_.min_corner().x() + s.uniform() * w, box_.min_corner().y() + s.uniform() * h);
      if (geo::bg::covered_by(p, *shape_)) return p;
    }
    throw InputError(fmt::format("grid '{}': cannot place points inside it (is it degenerate?)", *id_));
  }

  // Uniform in the disc of `radius` around `centre`, clipped to the grid; the centre itself when
  // repeated tries fall outside (a parent in a narrow corner).
  geo::Point near(rng::Stream& s, const geo::Point& centre, double radius) const {
    for (int attempt = 0; attempt < 16; ++attempt) {
      const double r = radius * std::sqrt(s.uniform());
      const double angle = 2 * std::numbers::pi * s.uniform();
      const geo::Point p(centre.x() + r * std::cos(angle), centre.y() + r * std::sin(angle));
      if (geo::bg::covered_by(p, *shape_)) return p;
    }
    return centre;
  }

 private:
  const geo::MultiPolygon* shape_;
  const std::string* id_;
  geo::Box box_;
};

struct Context {
  const SynthSpec& spec;
  const Intensity& intensity;
  const catalog::CategoryCatalog& catalog;
  const std::vector<GridPlacer>& placers;
};

std::size_t draw_index(rng::Stream& s, const double* shares, std::size_t n) {
  double u = s.uniform();
  std::size_t i = 0;
  while (i + 1 < n && u >= shares[i]) u -= shares[i++];
  return i;
}

time::Seconds time_in_day(rng::Stream& s, const Intensity& in, time::Seconds midnight) {
  const auto hour = static_cast<time::Seconds>(draw_index(s, in.hour_share.data(), 24));
  return midnight + hour * time::kHour + static_cast<time::Seconds>(s.uniform() * time::kHour);
}

void add_background(const Context& ctx, std::size_t g, std::size_t c, std::vector<Event>& cell) {
  const Intensity& in = ctx.intensity;
  rng::Stream counts(ctx.spec.seed, 0, {rng::kSynthCounts, std::uint32_t(g), std::uint32_t(c)});
  rng::Stream place(ctx.spec.seed, 0, {rng::kSynthPlace, std::uint32_t(g), std::uint32_t(c)});
  for (std::size_t d = 0; d < in.total_days; ++d) {
    const std::uint32_t n = rng::negative_binomial(counts, in.background(ctx.spec, g, c, d), ctx.spec.dispersion[c]);
    const time::Seconds midnight = in.day_start(ctx.spec, d);
    for (std::uint32_t i = 0; i < n; ++i) {
      Event e;
      e.day = static_cast<std::int64_t>(d);
      e.created = time_in_day(place, in, midnight);
      e.place = ctx.placers[g].anywhere(place);
      cell.push_back(e);
    }
  }
}

// Every incident, repeats included, spawns Poisson(eta) repeats J >= 1 days later; walking the list
// as it grows visits each generation after its parents, in a fixed order.
void add_repeats(const Context& ctx, std::size_t g, std::size_t c, std::vector<Event>& cell) {
  const SynthSpec& spec = ctx.spec;
  if (spec.branching_ratio <= 0) return;
  rng::Stream repeat(spec.seed, 0, {rng::kSynthRepeat, std::uint32_t(g), std::uint32_t(c)});
  const double log_stay = std::log1p(-ctx.intensity.repeat_p);  // log(1 - p); -inf when p = 1
  const auto total_days = static_cast<std::int64_t>(ctx.intensity.total_days);
  for (std::size_t i = 0; i < cell.size(); ++i) {
    const Event parent = cell[i];  // a copy: push_back below may move the vector
    const std::uint32_t children = rng::poisson(repeat, spec.branching_ratio);
    for (std::uint32_t k = 0; k < children; ++k) {
      const double extra = std::isinf(log_stay) ? 0.0 : std::floor(std::log(repeat.uniform()) / log_stay);
      const std::int64_t day = parent.day + 1 + static_cast<std::int64_t>(std::min(extra, 1e6));
      if (day >= total_days) continue;  // beyond the window: so are its descendants
      Event e;
      e.day = day;
      e.created = time_in_day(repeat, ctx.intensity, ctx.intensity.day_start(spec, std::size_t(day)));
      e.place = ctx.placers[g].near(repeat, parent.place, spec.repeat_radius_m);
      cell.push_back(e);
    }
  }
}

// Drops burn-in incidents; numbers the rest; draws closing times and sources.
void finish_cell(const Context& ctx, std::size_t g, std::size_t c, const std::vector<Event>& cell,
                 std::vector<Event>& out) {
  const SynthSpec& spec = ctx.spec;
  const catalog::Category& category = ctx.catalog.categories[c];
  const time::Seconds window_end = spec.start + spec.days * time::kDay;
  rng::Stream close(spec.seed, 0, {rng::kSynthClose, std::uint32_t(g), std::uint32_t(c)});
  std::uint32_t sequence = 0;
  for (Event e : cell) {
    if (e.created < spec.start) continue;
    e.grid = static_cast<std::uint32_t>(g);
    e.category = static_cast<std::uint16_t>(c);
    e.sequence = sequence++;
    const double hours = rng::lognormal(close, category.handling_median_hours, category.handling_sigma);
    e.closed = e.created + static_cast<time::Seconds>(std::llround(hours * 3600));
    if (e.closed >= window_end) e.closed = -1;
    const auto& shares = ctx.intensity.source_share;
    e.source = static_cast<std::uint16_t>(draw_index(close, shares.data(), shares.size()));
    out.push_back(e);
  }
}

std::vector<Event> generate_grid(const Context& ctx, std::size_t g) {
  std::vector<Event> out;
  std::vector<Event> cell;
  for (std::size_t c = 0; c < ctx.intensity.categories; ++c) {
    cell.clear();
    add_background(ctx, g, c, cell);
    add_repeats(ctx, g, c, cell);
    finish_cell(ctx, g, c, cell, out);
  }
  return out;
}

// Projects all places to lon/lat in batches: the projection is much faster per batch than per point
// (and its per-point call allocates), so points ride in one ring through the polygon overload.
void fill_lonlat(const std::vector<Event>& events, const geo::LocalProjection& projection,
                 incidents::IncidentTable& table) {
  constexpr std::size_t kBatch = 1 << 16;
  table.lon.reserve(events.size());
  table.lat.reserve(events.size());
  for (std::size_t first = 0; first < events.size(); first += kBatch) {
    const std::size_t last = std::min(events.size(), first + kBatch);
    geo::MultiPolygon batch;
    batch.resize(1);
    auto& ring = batch[0].outer();
    for (std::size_t i = first; i < last; ++i) ring.push_back(events[i].place);
    const geo::MultiPolygon lonlat = projection.to_lonlat(batch);
    for (const geo::Point& p : lonlat[0].outer()) {
      table.lon.push_back(p.x());
      table.lat.push_back(p.y());
    }
  }
}

incidents::IncidentTable to_table(const SynthSpec& spec, const std::vector<Event>& events,
                                  const spatial::District& district) {
  incidents::IncidentTable t;
  const std::size_t n = events.size();
  t.id.reserve(n);
  t.created.reserve(n);
  t.closed.reserve(n);
  t.category.reserve(n);
  t.grid.reserve(n);
  t.source.reserve(n);
  t.status.reserve(n);
  std::int64_t day = -1;
  std::string date;
  unsigned of_day = 0;
  for (const Event& e : events) {
    if (time::day_number(e.created) != day) {
      day = time::day_number(e.created);
      date = time::format_date(e.created);
      date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
      of_day = 0;
    }
    t.id.push_back(fmt::format("{}{}{:05d}", spec.id_prefix, date, ++of_day));
    t.created.push_back(e.created);
    t.closed.push_back(e.closed);
    t.category.push_back(e.category);
    t.grid.push_back(e.grid);
    t.source.push_back(spec.sources[e.source]);
    t.status.push_back(e.closed < 0 ? "open" : "closed");
  }
  fill_lonlat(events, district.projection, t);
  return t;
}

// The closing times of the case-handling model replace the log-normal ones (drawn all the same, so
// that every other column stays as it was).
void close_by_handling(const SynthSpec& spec, const spatial::District& district,
                       const catalog::CategoryCatalog& catalog, std::vector<Event>& events) {
  std::vector<time::Seconds> created;
  std::vector<std::uint32_t> grid;
  std::vector<std::uint16_t> category;
  for (const Event& e : events) {
    created.push_back(e.created);
    grid.push_back(e.grid);
    category.push_back(e.category);
  }
  const std::vector<time::Seconds> closed =
      synth_detail::handling_close_times(spec, district, catalog, created, grid, category);
  for (std::size_t i = 0; i < events.size(); ++i) events[i].closed = closed[i];
}

}  // namespace

incidents::IncidentTable generate_history(const SynthSpec& spec, const spatial::District& district,
                                          const catalog::CategoryCatalog& catalog) {
  const Intensity intensity = synth_detail::make_intensity(spec, district, catalog);
  std::vector<GridPlacer> placers;
  for (const auto& g : district.grids) placers.emplace_back(g);
  const Context ctx{spec, intensity, catalog, placers};

  std::vector<std::vector<Event>> per_grid(intensity.grids);
  tbb::parallel_for(std::size_t{0}, intensity.grids, [&](std::size_t g) { per_grid[g] = generate_grid(ctx, g); });

  std::vector<Event> events;
  std::size_t total = 0;
  for (const auto& v : per_grid) total += v.size();
  events.reserve(total);
  for (auto& v : per_grid) {
    events.insert(events.end(), v.begin(), v.end());
    std::vector<Event>().swap(v);
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.created != b.created) return a.created < b.created;
    if (a.grid != b.grid) return a.grid < b.grid;
    if (a.category != b.category) return a.category < b.category;
    return a.sequence < b.sequence;
  });
  if (spec.handling) close_by_handling(spec, district, catalog, events);
  return to_table(spec, events, district);
}

}  // namespace riskgrid::models
