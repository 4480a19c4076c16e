#include "riskgrid/engine/render/heatmap.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "decorations.hpp"
#include "painter.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::render {
namespace {

using detail::Painter;
using detail::TextStyle;

// Colours of the map itself; the level colours come from the scenario.
constexpr std::uint32_t kNoGrid = 0xe6e8eb;      // inside the outline but in no grid
constexpr std::uint32_t kGridBorder = 0xffffff;
constexpr std::uint32_t kTownBorder = 0x3d4349;
constexpr std::uint32_t kOutline = 0x14171a;
constexpr std::uint32_t kTownInk = 0x14171a;

void validate(const spatial::District& district, std::span<const std::int8_t> level,
              std::span<const double> value, const std::vector<results::LevelBand>& levels) {
  const std::size_t n = district.grids.size();
  if (level.size() != n || value.size() != n) {
    throw std::invalid_argument(fmt::format(
        "heat map of '{}': {} grids but {} levels and {} values", district.name, n, level.size(),
        value.size()));
  }
  if (levels.empty()) throw std::invalid_argument("heat map: no level bands to colour by");
  for (std::size_t g = 0; g < n; ++g) {
    if (level[g] < 0 || static_cast<std::size_t>(level[g]) >= levels.size()) {
      throw std::invalid_argument(fmt::format(
          "heat map: grid '{}' has level {}, expected 0..{}", district.grids[g].id,
          static_cast<int>(level[g]), levels.size() - 1));
    }
  }
}

/// Short enough to sit inside a grid: "7.5", "42", "1234", "12.3k", "1.2M"; "–" when unknown.
std::string format_value(double v) {
  if (!std::isfinite(v)) return "\u2013";
  const double a = std::fabs(v);
  if (a < 9.95) return fmt::format("{:.1f}", v);
  if (a < 9999.5) return fmt::format("{:.0f}", v);
  if (a < 99950) return fmt::format("{:.1f}k", v / 1e3);
  if (a < 999500) return fmt::format("{:.0f}k", v / 1e3);
  return fmt::format("{:.1f}M", v / 1e6);
}

/// Where a unit's label goes: its centroid, computed here when the loader did not fill it.
geo::Point label_anchor(const spatial::Unit& unit) {
  if (unit.area_m2 > 0) return unit.centroid;
  geo::Point c{0, 0};
  if (!unit.shape.empty()) geo::bg::centroid(unit.shape, c);
  return c;
}

bool overlaps(const PixelRect& a, const PixelRect& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

/// Greedy label placement: a label takes the first candidate position that is free.
class LabelPlacer {
 public:
  bool is_free(const PixelRect& r) const {
    for (const auto& t : taken_) {
      if (overlaps(r, t)) return false;
    }
    return true;
  }
  void take(const PixelRect& r) { taken_.push_back(r); }

 private:
  std::vector<PixelRect> taken_;
};

bool inside(const PixelRect& r, const geo::MultiPolygon& shape, const MapTransform& t) {
  const std::array<std::array<double, 2>, 4> corners{
      {{r.x, r.y}, {r.right(), r.y}, {r.x, r.bottom()}, {r.right(), r.bottom()}}};
  for (const auto& [px, py] : corners) {
    if (!geo::bg::covered_by(t.to_metric(px, py), shape)) return false;
  }
  return true;
}

/// The first of a few positions around `anchor` where a w x h label is free (and inside `shape`
/// when given); nullopt if none is.
std::optional<PixelRect> find_spot(const geo::Point& anchor, double w, double h,
                                   const LabelPlacer& placer, const geo::MultiPolygon* shape,
                                   const MapTransform& t) {
  constexpr std::array<std::array<double, 2>, 5> kOffsets{
      {{0, 0}, {0, 1.15}, {0, -1.15}, {0.6, 0}, {-0.6, 0}}};
  for (const auto& [fx, fy] : kOffsets) {
    const PixelRect r{anchor.x() - w / 2 + fx * w, anchor.y() - h / 2 + fy * h, w, h};
    if (placer.is_free(r) && (shape == nullptr || inside(r, *shape, t))) return r;
  }
  return std::nullopt;
}

void draw_units(const Painter& p, const spatial::District& d, std::span<const std::int8_t> level,
                const std::vector<results::LevelBand>& levels, const MapTransform& t, double u) {
  cairo_t* cr = p.cr();
  // Even-odd fill makes holes in a polygon (a park, a lake) stay empty whatever their winding.
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  p.add_shape(d.outline, t);
  p.set_colour(kNoGrid);
  cairo_fill(cr);
  for (std::size_t g = 0; g < d.grids.size(); ++g) {
    p.add_shape(d.grids[g].shape, t);
    p.set_colour(levels[static_cast<std::size_t>(level[g])].rgb);
    cairo_fill(cr);
  }
  // Borders after all fills, so a neighbour's fill never covers half of a shared border.
  for (const auto& grid : d.grids) p.add_shape(grid.shape, t);
  p.set_colour(kGridBorder, 0.85);
  cairo_set_line_width(cr, 1.2 * u);
  cairo_stroke(cr);
  for (const auto& town : d.towns) p.add_shape(town.shape, t);
  p.set_colour(kTownBorder);
  cairo_set_line_width(cr, 2.4 * u);
  cairo_stroke(cr);
  p.add_shape(d.outline, t);
  p.set_colour(kOutline);
  cairo_set_line_width(cr, 3.2 * u);
  cairo_stroke(cr);
}

struct PlacedLabel {
  PixelRect box;
  std::string text;
};

TextStyle town_style(double u) { return {19 * u, true, kTownInk, 4 * u, 0xffffff}; }

std::vector<PlacedLabel> place_town_names(const Painter& p, const spatial::District& d,
                                          const MapTransform& t, double u, LabelPlacer& placer) {
  const TextStyle style = town_style(u);
  std::vector<PlacedLabel> placed;
  for (const auto& town : d.towns) {
    // The local name is the one planners read on their own maps, and it is usually the shorter.
    const std::string& name = town.name_local.empty() ? town.name : town.name_local;
    if (name.empty()) continue;
    const detail::TextBox box = p.measure(name, style);
    const geo::Point anchor = t.to_pixel(label_anchor(town));
    const double w = box.width + 6 * u;
    const double h = box.height + 6 * u;
    // A town's name matters more than a grid's number, so it is placed even if it spills over
    // the town border; it only moves to avoid another town's name.
    const auto spot = find_spot(anchor, w, h, placer, nullptr, t);
    const PixelRect r = spot.value_or(PixelRect{anchor.x() - w / 2, anchor.y() - h / 2, w, h});
    placer.take(r);
    placed.push_back({r, name});
  }
  return placed;
}

void draw_grid_values(const Painter& p, const spatial::District& d,
                      std::span<const std::int8_t> level, std::span<const double> value,
                      const std::vector<results::LevelBand>& levels, const MapTransform& t,
                      double u, LabelPlacer& placer) {
  for (std::size_t g = 0; g < d.grids.size(); ++g) {
    const std::uint32_t fill = levels[static_cast<std::size_t>(level[g])].rgb;
    const TextStyle style{16 * u, false, detail::text_colour_on(fill)};
    const std::string text = format_value(value[g]);
    const detail::TextBox box = p.measure(text, style);
    const geo::Point anchor = t.to_pixel(label_anchor(d.grids[g]));
    const double pad = 3 * u;
    const auto spot = find_spot(anchor, box.width + 2 * pad, box.height + 2 * pad, placer,
                                &d.grids[g].shape, t);
    if (!spot) continue;  // too small a grid: a number spilling over its border would mislead
    p.text_centred(spot->x + spot->w / 2, spot->y + spot->h / 2, text, style);
    placer.take(*spot);
  }
}

void write_png(const Painter& painter, const std::string& path) {
  // cairo stops drawing silently after an error, so a failed page must not reach the disk.
  if (const cairo_status_t drawn = cairo_status(painter.cr()); drawn != CAIRO_STATUS_SUCCESS) {
    const std::string why = fmt::format("{}: cannot draw heat map: {}", path,
                                        cairo_status_to_string(drawn));
    if (drawn == CAIRO_STATUS_INVALID_STRING) throw InputError(why + " (in a unit name or title)");
    throw std::runtime_error(why);
  }
  std::optional<io::AtomicFile> file;
  try {
    file.emplace(path);
  } catch (const IoError& e) {
    throw IoError(fmt::format("{}: cannot write heat map: {}", path, e.what()));
  }
  const cairo_status_t status = painter.write_png(file->temp_path());
  if (status != CAIRO_STATUS_SUCCESS) {
    throw IoError(fmt::format("{}: cannot write PNG: {}", path, cairo_status_to_string(status)));
  }
  file->commit();
}

}  // namespace

void write_level_map_png(const std::string& path, const spatial::District& district,
                         std::span<const std::int8_t> level, std::span<const double> value,
                         const std::vector<results::LevelBand>& levels, const HeatmapSpec& spec) {
  validate(district, level, value, levels);
  const PageLayout page = page_layout(district, spec);
  const MapTransform transform = map_transform(district, spec);
  std::vector<std::size_t> per_level(levels.size(), 0);
  for (const std::int8_t l : level) ++per_level[static_cast<std::size_t>(l)];

  const Painter painter(spec.width_px, spec.height_px);
  draw_units(painter, district, level, levels, transform, page.unit);
  // Town names are placed first so grid numbers make way for them, and drawn last so they sit
  // on top of everything on the map.
  LabelPlacer placer;
  const auto towns = place_town_names(painter, district, transform, page.unit, placer);
  draw_grid_values(painter, district, level, value, levels, transform, page.unit, placer);
  for (const auto& [box, name] : towns) {
    painter.text_centred(box.x + box.w / 2, box.y + box.h / 2, name, town_style(page.unit));
  }
  detail::draw_header(painter, page, spec);
  detail::draw_panel(painter, page, levels, per_level, transform.scale());
  detail::draw_footer(painter, page, spec.footnote);
  write_png(painter, path);
}

}  // namespace riskgrid::render
