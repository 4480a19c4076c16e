#include "riskgrid/engine/spatial/unit_locator.hpp"

#include <algorithm>
#include <cmath>

namespace riskgrid::spatial {
namespace bg = boost::geometry;

UnitLocator::UnitLocator(const District& district) : district_(&district) {
  bg::assign_inverse(extent_);
  for (const Unit& unit : district.grids) {
    geo::Box box;
    bg::envelope(unit.shape, box);
    boxes_.push_back(box);
    bg::expand(extent_, box);
  }
  if (boxes_.empty()) return;
  // About one bucket per unit, at least 1 x 1.
  const double w = std::max(extent_.max_corner().x() - extent_.min_corner().x(), 1e-9);
  const double h = std::max(extent_.max_corner().y() - extent_.min_corner().y(), 1e-9);
  const double side = std::sqrt(w * h / static_cast<double>(boxes_.size()));
  nx_ = std::clamp<std::size_t>(static_cast<std::size_t>(w / side) + 1, 1, 1024);
  ny_ = std::clamp<std::size_t>(static_cast<std::size_t>(h / side) + 1, 1, 1024);
  cell_x_ = w / static_cast<double>(nx_);
  cell_y_ = h / static_cast<double>(ny_);
  buckets_.resize(nx_ * ny_);
  auto column = [&](double x) {
    return std::min(nx_ - 1, static_cast<std::size_t>(std::max(0.0, (x - extent_.min_corner().x()) / cell_x_)));
  };
  auto row = [&](double y) {
    return std::min(ny_ - 1, static_cast<std::size_t>(std::max(0.0, (y - extent_.min_corner().y()) / cell_y_)));
  };
  for (std::uint32_t u = 0; u < boxes_.size(); ++u) {
    const geo::Box& b = boxes_[u];
    for (std::size_t r = row(b.min_corner().y()); r <= row(b.max_corner().y()); ++r)
      for (std::size_t c = column(b.min_corner().x()); c <= column(b.max_corner().x()); ++c)
        buckets_[r * nx_ + c].push_back(u);
  }
}

std::optional<std::uint32_t> UnitLocator::locate(geo::Point p) const {
  if (boxes_.empty() || !bg::covered_by(p, extent_)) return std::nullopt;
  const auto c = std::min(nx_ - 1, static_cast<std::size_t>((p.x() - extent_.min_corner().x()) / cell_x_));
  const auto r = std::min(ny_ - 1, static_cast<std::size_t>((p.y() - extent_.min_corner().y()) / cell_y_));
  for (const std::uint32_t u : buckets_[r * nx_ + c]) {
    if (bg::covered_by(p, boxes_[u]) && bg::covered_by(p, district_->grids[u].shape)) return u;
  }
  return std::nullopt;
}

}  // namespace riskgrid::spatial
