#include "map_layer.hpp"

#include <array>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "decorations.hpp"

namespace riskgrid::render::detail {
namespace {

// Colours of the map itself; the fills come from the caller.
constexpr std::uint32_t kNoGrid = 0xe6e8eb;  // inside the outline but in no grid
constexpr std::uint32_t kGridBorder = 0xffffff;
constexpr std::uint32_t kTownBorder = 0x3d4349;
constexpr std::uint32_t kOutline = 0x14171a;
constexpr std::uint32_t kTownInk = 0x14171a;

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
std::optional<PixelRect> find_spot(const geo::Point& anchor, double w, double h, const LabelPlacer& placer,
                                   const geo::MultiPolygon* shape, const MapTransform& t) {
  constexpr std::array<std::array<double, 2>, 5> kOffsets{{{0, 0}, {0, 1.15}, {0, -1.15}, {0.6, 0}, {-0.6, 0}}};
  for (const auto& [fx, fy] : kOffsets) {
    const PixelRect r{anchor.x() - w / 2 + fx * w, anchor.y() - h / 2 + fy * h, w, h};
    if (placer.is_free(r) && (shape == nullptr || inside(r, *shape, t))) return r;
  }
  return std::nullopt;
}

void draw_units(const Painter& p, const spatial::District& d, const MapLayer& layer, const MapTransform& t, double u) {
  cairo_t* cr = p.cr();
  // Even-odd fill makes holes in a polygon (a park, a lake) stay empty whatever their winding.
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  p.add_shape(d.outline, t);
  p.set_colour(kNoGrid);
  cairo_fill(cr);
  for (std::size_t g = 0; g < d.grids.size(); ++g) {
    p.add_shape(d.grids[g].shape, t);
    p.set_colour(layer.fill[g]);
    cairo_fill(cr);
  }
  // Borders after all fills, so a neighbour's fill never covers half of a shared border.
  const double b = layer.border_scale * u;
  for (const auto& grid : d.grids) p.add_shape(grid.shape, t);
  p.set_colour(kGridBorder, 0.85);
  cairo_set_line_width(cr, 1.2 * b);
  cairo_stroke(cr);
  for (const auto& town : d.towns) p.add_shape(town.shape, t);
  p.set_colour(kTownBorder);
  cairo_set_line_width(cr, 2.4 * b);
  cairo_stroke(cr);
  p.add_shape(d.outline, t);
  p.set_colour(kOutline);
  cairo_set_line_width(cr, 3.2 * b);
  cairo_stroke(cr);
}

struct PlacedLabel {
  PixelRect box;
  std::string text;
};

TextStyle town_style(double size, double u) { return {size * u, true, kTownInk, 4 * u, 0xffffff}; }

std::vector<PlacedLabel> place_town_names(const Painter& p, const spatial::District& d, const MapTransform& t,
                                          const TextStyle& style, double u, LabelPlacer& placer) {
  std::vector<PlacedLabel> placed;
  // A single town is the whole district (units: without a town attribute): its name is the map's
  // title already, and a label in the middle would only hide the grids' numbers.
  if (d.towns.size() < 2) return placed;
  for (const auto& town : d.towns) {
    // The local name is the one planners read on their own maps, and it is usually the shorter.
    const std::string& name = town.name_local.empty() ? town.name : town.name_local;
    if (name.empty()) continue;
    const TextBox box = p.measure(name, style);
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

void draw_grid_labels(const Painter& p, const spatial::District& d, const MapLayer& layer, const MapTransform& t,
                      double u, LabelPlacer& placer) {
  for (std::size_t g = 0; g < d.grids.size(); ++g) {
    if (layer.labels[g].empty()) continue;
    const TextStyle style{layer.label_size * u, false, text_colour_on(layer.fill[g])};
    const TextBox box = p.measure(layer.labels[g], style);
    const geo::Point anchor = t.to_pixel(label_anchor(d.grids[g]));
    const double pad = 3 * u;
    const auto spot = find_spot(anchor, box.width + 2 * pad, box.height + 2 * pad, placer, &d.grids[g].shape, t);
    if (!spot) continue;  // too small a grid: a number spilling over its border would mislead
    p.text_centred(spot->x + spot->w / 2, spot->y + spot->h / 2, layer.labels[g], style);
    placer.take(*spot);
  }
}

}  // namespace

void draw_map(const Painter& painter, const spatial::District& district, const MapLayer& layer,
              const MapTransform& transform, double u) {
  draw_units(painter, district, layer, transform, u);
  LabelPlacer placer;
  const TextStyle towns = town_style(layer.town_size, u);
  std::vector<PlacedLabel> names;
  if (layer.town_size > 0) names = place_town_names(painter, district, transform, towns, u, placer);
  if (!layer.labels.empty()) draw_grid_labels(painter, district, layer, transform, u, placer);
  for (const auto& [box, name] : names) {
    painter.text_centred(box.x + box.w / 2, box.y + box.h / 2, name, towns);
  }
}

std::string format_value(double v) {
  if (!std::isfinite(v)) return "\u2013";
  const double a = std::fabs(v);
  if (a < 9.95) return fmt::format("{:.1f}", v);
  if (a < 9999.5) return fmt::format("{:.0f}", v);
  if (a < 99950) return fmt::format("{:.1f}k", v / 1e3);
  if (a < 999500) return fmt::format("{:.0f}k", v / 1e3);
  return fmt::format("{:.1f}M", v / 1e6);
}

std::string format_percent(double share) {
  if (!std::isfinite(share)) return "\u2013";
  return fmt::format("{:.1f}%", 100 * share);
}

std::string format_signed(double v) {
  if (!std::isfinite(v)) return "\u2013";
  const std::string magnitude = format_value(std::fabs(v));
  if (magnitude == "0.0") return "0";
  return (v < 0 ? "\u2212" : "+") + magnitude;  // a real minus sign, as wide as the plus
}

}  // namespace riskgrid::render::detail
