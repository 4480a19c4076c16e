#include "riskgrid/engine/spatial/unit_locator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "riskgrid/engine/error.hpp"

// Why a uniform bucket grid and not an R-tree (boost::geometry::index::rtree is at hand): a
// district's units tile a compact area at similar sizes, so with about two buckets per border edge
// nearly every bucket lies inside one unit and a query is one array read, with no tree descent and
// no polygon test. An R-tree over the units would hand back whole polygons (hundreds of vertices
// for real boundaries) to test; here a border bucket keeps, per candidate unit, only the edges in
// its row band, sorted so the scan stops at the first edge left of the point. The bucket size comes
// from the edge count (capped), so memory stays linear in the input.
//
// The point-in-shape test is a horizontal ray to +x counting edges with the half-open rule
// (y0 <= y < y1), plus an exact "on the border" check. Each edge is stored with its endpoints in
// (y, x) order and its crossing x is computed from that order and clamped to the edge's x range, so
// a border two units share yields the same number for both: a point exactly on it is on the border
// of both (and goes to the lower index), any other point is inside exactly one of them.

namespace riskgrid::spatial {

namespace {

// A bucket's cell: a unit index, kOutside, or kMixed | the bucket's slot in mixed_offsets_.
constexpr std::uint32_t kMixed = 0x80000000u;
constexpr std::uint32_t kOutside = kMixed - 1;
constexpr std::size_t kMaxBuckets = std::size_t{1} << 22;  // 16 MiB of cells at most

}  // namespace

struct UnitLocator::Builder {
  struct Group {  // the edges of one unit in one row band
    std::uint32_t row, unit, begin, end;
  };
  UnitLocator& out;
  std::vector<std::pair<Edge, std::uint32_t>> raw;  // every edge with its unit
  std::vector<geo::Box> boxes;                      // per unit; min > max when the unit is empty
  std::vector<Group> groups;                        // sorted by (row, unit)
  double cell = 1;
  double margin = 0;  // slack, far above rounding, when deciding which buckets an edge touches

  std::uint32_t col_of(double x) const { return index_of(x - out.min_x_, out.cols_); }
  std::uint32_t row_of(double y) const { return index_of(y - out.min_y_, out.rows_); }
  std::uint32_t index_of(double offset, std::uint32_t count) const {
    const double k = std::floor(offset * out.inv_cell_);
    return static_cast<std::uint32_t>(std::clamp(k, 0.0, static_cast<double>(count - 1)));
  }

  void collect(const std::vector<Unit>& units);
  void add_ring(const geo::Ring& ring, std::uint32_t unit);
  void choose_grid();
  std::vector<char> mark_crossed() const;
  void group_edges();
  std::optional<Group> group(std::uint32_t row, std::uint32_t unit) const;
  void assign_slots(const std::vector<char>& crossed);
  void fill_candidates();
  void fill_clean_buckets();
  Candidate candidate(std::uint32_t unit, const Group& g) const {
    const geo::Box& b = boxes[unit];
    return {b.min_corner().x(), b.min_corner().y(), b.max_corner().x(), b.max_corner().y(), unit, g.begin, g.end};
  }
};

void UnitLocator::Builder::add_ring(const geo::Ring& ring, std::uint32_t unit) {
  const std::size_t n = ring.size();
  for (std::size_t k = 0; k < n; ++k) {
    geo::Point a = ring[k];
    geo::Point b = ring[(k + 1) % n];  // closes the ring when the last point does not repeat the first
    if (!std::isfinite(a.x()) || !std::isfinite(a.y()))
      throw InputError(fmt::format("unit {}: a vertex is not a finite number", unit));
    if (a.x() == b.x() && a.y() == b.y()) continue;
    if (std::tie(a.y(), a.x()) > std::tie(b.y(), b.x())) std::swap(a, b);
    raw.push_back({Edge{a.x(), a.y(), b.x(), b.y(), std::max(a.x(), b.x())}, unit});
    geo::bg::expand(boxes[unit], a);
    geo::bg::expand(boxes[unit], b);
  }
}

void UnitLocator::Builder::collect(const std::vector<Unit>& units) {
  if (units.size() >= kOutside) throw InputError("too many units to index (2^31 or more)");
  boxes.resize(units.size());
  for (std::uint32_t u = 0; u < units.size(); ++u) {
    geo::bg::assign_inverse(boxes[u]);
    for (const geo::Polygon& polygon : units[u].shape) {
      add_ring(polygon.outer(), u);
      for (const geo::Ring& hole : polygon.inners()) add_ring(hole, u);
    }
  }
}

void UnitLocator::Builder::choose_grid() {
  geo::Box all;
  geo::bg::assign_inverse(all);
  for (const geo::Box& b : boxes)
    if (b.min_corner().x() <= b.max_corner().x()) geo::bg::expand(all, b);
  if (raw.empty()) return;  // rows_ = cols_ = 0: every point is outside
  out.min_x_ = all.min_corner().x();
  out.min_y_ = all.min_corner().y();
  out.max_x_ = all.max_corner().x();
  out.max_y_ = all.max_corner().y();
  const double w = out.max_x_ - out.min_x_, h = out.max_y_ - out.min_y_;
  const double target = static_cast<double>(std::clamp<std::size_t>(2 * raw.size(), 1, kMaxBuckets));
  cell = std::max({std::sqrt(w * h / target), w / target, h / target});
  if (!(cell > 0)) cell = 1;  // a degenerate (zero-area) extent
  out.inv_cell_ = 1 / cell;
  out.cols_ = static_cast<std::uint32_t>(std::max(1.0, std::ceil(w / cell)));
  out.rows_ = static_cast<std::uint32_t>(std::max(1.0, std::ceil(h / cell)));
  margin = cell * 1e-6;
}

// Buckets an edge passes through (its supercover, widened by the margin), row band by row band.
std::vector<char> UnitLocator::Builder::mark_crossed() const {
  std::vector<char> crossed(std::size_t{out.rows_} * out.cols_, 0);
  for (const auto& [e, unit] : raw) {
    for (std::uint32_t r = row_of(e.y0 - margin); r <= row_of(e.y1 + margin); ++r) {
      const double lo = out.min_y_ + r * cell - margin, hi = out.min_y_ + (r + 1) * cell + margin;
      double xa = e.x0, xb = e.x1;
      if (e.y1 > e.y0) {
        const double slope = (e.x1 - e.x0) / (e.y1 - e.y0);
        xa = e.x0 + (std::clamp(lo, e.y0, e.y1) - e.y0) * slope;
        xb = e.x0 + (std::clamp(hi, e.y0, e.y1) - e.y0) * slope;
      }
      const std::uint32_t c0 = col_of(std::min(xa, xb) - margin);
      const std::uint32_t c1 = col_of(std::max(xa, xb) + margin);
      for (std::uint32_t c = c0; c <= c1; ++c) crossed[std::size_t{r} * out.cols_ + c] = 1;
    }
  }
  return crossed;
}

// Every edge goes into each row band its y range meets, grouped by (row, unit), max_x descending.
void UnitLocator::Builder::group_edges() {
  struct Entry {
    std::uint32_t row, unit;
    std::size_t edge;
  };
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto& [e, unit] = raw[i];
    for (std::uint32_t r = row_of(e.y0 - margin); r <= row_of(e.y1 + margin); ++r) entries.push_back({r, unit, i});
  }
  if (entries.size() >= 0xFFFFFFFFu) throw InputError("units too detailed to index (2^32 edge entries)");
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    const double ax = raw[a.edge].first.max_x, bx = raw[b.edge].first.max_x;
    return std::tie(a.row, a.unit, bx, a.edge) < std::tie(b.row, b.unit, ax, b.edge);
  });
  out.edges_.reserve(entries.size());
  for (const Entry& entry : entries) {
    const auto index = static_cast<std::uint32_t>(out.edges_.size());
    if (groups.empty() || groups.back().row != entry.row || groups.back().unit != entry.unit)
      groups.push_back({entry.row, entry.unit, index, index});
    out.edges_.push_back(raw[entry.edge].first);
    groups.back().end = index + 1;
  }
}

std::optional<UnitLocator::Builder::Group> UnitLocator::Builder::group(std::uint32_t row, std::uint32_t unit) const {
  const auto it = std::lower_bound(groups.begin(), groups.end(), std::pair{row, unit},
                                   [](const Group& g, const std::pair<std::uint32_t, std::uint32_t>& key) {
                                     return std::tie(g.row, g.unit) < std::tie(key.first, key.second);
                                   });
  if (it == groups.end() || it->row != row || it->unit != unit) return std::nullopt;
  return *it;
}

void UnitLocator::Builder::assign_slots(const std::vector<char>& crossed) {
  out.cells_.assign(crossed.size(), kOutside);
  std::uint32_t slots = 0;
  for (std::size_t b = 0; b < crossed.size(); ++b)
    if (crossed[b]) out.cells_[b] = kMixed | slots++;
  out.mixed_offsets_.assign(std::size_t{slots} + 1, 0);
}

// Each mixed bucket lists the units whose box meets it, ascending (a counting sort keeps the
// order).
void UnitLocator::Builder::fill_candidates() {
  std::vector<std::pair<std::uint32_t, Candidate>> found;
  for (std::uint32_t u = 0; u < boxes.size(); ++u) {
    const geo::Box& b = boxes[u];
    if (b.min_corner().x() > b.max_corner().x()) continue;
    for (std::uint32_t r = row_of(b.min_corner().y() - margin); r <= row_of(b.max_corner().y() + margin); ++r) {
      const std::optional<Group> g = group(r, u);
      if (!g) continue;  // no edge of u in this band: no point of the band is inside u
      for (std::uint32_t c = col_of(b.min_corner().x() - margin); c <= col_of(b.max_corner().x() + margin); ++c) {
        const std::uint32_t cell_value = out.cells_[std::size_t{r} * out.cols_ + c];
        if (cell_value & kMixed) found.emplace_back(cell_value & ~kMixed, candidate(u, *g));
      }
    }
  }
  if (found.size() >= 0xFFFFFFFFu) throw InputError("units too large to index (2^32 candidates)");
  std::vector<std::uint32_t>& offsets = out.mixed_offsets_;
  for (const auto& f : found) ++offsets[f.first + 1];
  for (std::size_t s = 1; s < offsets.size(); ++s) offsets[s] += offsets[s - 1];
  std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
  out.candidates_.resize(found.size());
  for (const auto& [slot, c] : found) out.candidates_[next[slot]++] = c;
}

// A bucket no border touches is inside the same units everywhere: test its centre once, units in
// ascending order, and keep the first that contains it.
void UnitLocator::Builder::fill_clean_buckets() {
  std::vector<char> settled(out.cells_.size(), 0);
  for (std::uint32_t u = 0; u < boxes.size(); ++u) {
    const geo::Box& b = boxes[u];
    if (b.min_corner().x() > b.max_corner().x()) continue;
    for (std::uint32_t r = row_of(b.min_corner().y()); r <= row_of(b.max_corner().y()); ++r) {
      const std::optional<Group> g = group(r, u);
      if (!g) continue;
      const Candidate test = candidate(u, *g);
      for (std::uint32_t c = col_of(b.min_corner().x()); c <= col_of(b.max_corner().x()); ++c) {
        const std::size_t k = std::size_t{r} * out.cols_ + c;
        if ((out.cells_[k] & kMixed) || settled[k]) continue;
        const geo::Point centre(out.min_x_ + (c + 0.5) * cell, out.min_y_ + (r + 0.5) * cell);
        if (out.contains(test, centre)) {
          out.cells_[k] = u;
          settled[k] = 1;
        }
      }
    }
  }
}

UnitLocator::UnitLocator(const District& district) : UnitLocator(district.grids) {}

UnitLocator::UnitLocator(const std::vector<Unit>& units) {
  Builder b{*this, {}, {}, {}};
  b.collect(units);
  b.choose_grid();
  if (rows_ == 0) return;
  const std::vector<char> crossed = b.mark_crossed();
  b.group_edges();
  b.assign_slots(crossed);
  b.fill_candidates();
  b.fill_clean_buckets();
}

bool UnitLocator::contains(const Candidate& c, const geo::Point& p) const {
  const double px = p.x(), py = p.y();
  if (px < c.min_x || px > c.max_x || py < c.min_y || py > c.max_y) return false;
  bool inside = false;
  for (std::uint32_t i = c.edge_begin; i < c.edge_end; ++i) {
    const Edge& e = edges_[i];
    if (e.max_x < px) break;  // every later edge lies left of the point: no crossing, no contact
    if (py < e.y0 || py > e.y1) continue;
    if (e.y0 == e.y1) {  // horizontal: never crossed, but the point may lie on it
      if (px >= e.x0) return true;
      continue;
    }
    if ((px == e.x0 && py == e.y0) || (px == e.x1 && py == e.y1)) return true;
    const double x = std::clamp(e.x0 + (py - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0), std::min(e.x0, e.x1), e.max_x);
    if (x == px) return true;
    if (x > px && py < e.y1) inside = !inside;
  }
  return inside;
}

std::optional<std::uint32_t> UnitLocator::locate(geo::Point metric) const {
  const double px = metric.x(), py = metric.y();
  // The negated form also rejects NaN.
  if (!(px >= min_x_ && px <= max_x_ && py >= min_y_ && py <= max_y_)) return std::nullopt;
  const auto col = std::min(static_cast<std::uint32_t>((px - min_x_) * inv_cell_), cols_ - 1);
  const auto row = std::min(static_cast<std::uint32_t>((py - min_y_) * inv_cell_), rows_ - 1);
  const std::uint32_t cell = cells_[std::size_t{row} * cols_ + col];
  if (cell == kOutside) return std::nullopt;
  if (!(cell & kMixed)) return cell;
  const std::uint32_t slot = cell & ~kMixed;
  for (std::uint32_t k = mixed_offsets_[slot]; k < mixed_offsets_[slot + 1]; ++k) {
    if (contains(candidates_[k], metric)) return candidates_[k].unit;
  }
  return std::nullopt;
}

UnitLocator::Stats UnitLocator::stats() const {
  return {rows_, cols_, edges_.size(), mixed_offsets_.empty() ? 0 : mixed_offsets_.size() - 1};
}

}  // namespace riskgrid::spatial
