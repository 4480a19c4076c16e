// riskgrid allocate: district figures of a replica and the paired comparison of two candidates.
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/students_t.hpp>

#include "riskgrid/run/allocate_search.hpp"

namespace riskgrid::run {

namespace {

double sum_row(const std::vector<std::uint64_t>& v, const ReplicaFigures& f, std::size_t replica) {
  std::uint64_t total = 0;
  for (std::size_t g = 0; g < f.grids; ++g) total += v[f.at(replica, g)];
  return double(total);
}

}  // namespace

double on_time_share(const ReplicaFigures& f, std::size_t replica) {
  const double closed = sum_row(f.closed, f, replica);
  return closed > 0 ? sum_row(f.on_time, f, replica) / closed : 1.0;
}

double overdue_end(const ReplicaFigures& f, std::size_t replica) { return sum_row(f.overdue_end, f, replica); }

double utilisation(const ReplicaFigures& f, std::size_t replica) {
  const double capacity = sum_row(f.capacity_ms, f, replica);
  return capacity > 0 ? sum_row(f.busy_ms, f, replica) / capacity : 0.0;
}

double Evaluation::mean() const {
  return objective.empty() ? 0.0 : std::accumulate(objective.begin(), objective.end(), 0.0) / double(objective.size());
}

PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b, double alpha) {
  if (a.size() != b.size() || a.empty()) throw std::invalid_argument("paired_difference: replicas differ or none");
  const auto n = double(a.size());
  double mean = 0;
  for (std::size_t r = 0; r < a.size(); ++r) mean += b[r] - a[r];
  mean /= n;
  double ss = 0;
  for (std::size_t r = 0; r < a.size(); ++r) ss += (b[r] - a[r] - mean) * (b[r] - a[r] - mean);
  PairedDifference d;
  d.mean = d.lo = d.hi = mean;
  if (a.size() < 2) return d;
  const double se = std::sqrt(ss / (n - 1) / n);
  if (se == 0) {  // every replica differs by the same amount: certain under these random numbers
    d.p_less = mean < 0 ? 0.0 : 1.0;
    return d;
  }
  const boost::math::students_t t(n - 1);
  const double half = boost::math::quantile(boost::math::complement(t, alpha / 2)) * se;
  d.lo = mean - half;
  d.hi = mean + half;
  d.p_less = boost::math::cdf(t, mean / se);
  return d;
}

double people_moved(const std::vector<double>& from, const std::vector<double>& to) {
  double moved = 0;
  for (std::size_t g = 0; g < from.size(); ++g) moved += std::max(0.0, from[g] - to[g]);
  return moved;
}

}  // namespace riskgrid::run
