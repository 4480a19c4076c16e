// Exponentially weighted sums over each cell's non-zero days (shrunk_level_sums.hpp).
#include "shrunk_level_sums.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::models::level {

SparseDailyCounts count_sparse(const FitInput& in, std::string_view model, std::size_t min_days) {
  SparseDailyCounts out;
  DailyCounts& w = out.head;
  start_counts(w, in, model, min_days);
  w.hourly.assign(w.categories, {});
  const std::size_t cells = w.grids * w.categories;
  // Counting sort by cell: the incidents' days land in their cell's slice, then each slice is sorted
  // (already so when the history is in time order) and run-length coded.
  std::vector<std::uint32_t> cell_of, day_of;
  std::vector<std::size_t> first(cells + 1, 0);
  const auto& h = in.history;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const time::Seconds t = h.created[i];
    if (t < in.train_start || t >= in.train_end) continue;
    check_incident_cell(w, h, i, model);
    const auto cell = static_cast<std::uint32_t>(std::size_t{h.grid[i]} * w.categories + h.category[i]);
    cell_of.push_back(cell);
    day_of.push_back(static_cast<std::uint32_t>((t - in.train_start) / time::kDay));
    ++first[cell + 1];
    w.hourly[h.category[i]][static_cast<std::size_t>(time::hour_of_day(t))] += 1;
    ++w.incidents;
  }
  for (std::size_t cell = 0; cell < cells; ++cell) first[cell + 1] += first[cell];
  std::vector<std::uint32_t> days(cell_of.size());
  std::vector<std::size_t> next(first.begin(), first.end() - 1);
  for (std::size_t i = 0; i < cell_of.size(); ++i) days[next[cell_of[i]]++] = day_of[i];
  NonZeroDays& nz = out.nz;
  nz.first.reserve(cells + 1);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    nz.first.push_back(nz.day.size());
    const auto begin = days.begin() + std::ptrdiff_t(first[cell]), end = days.begin() + std::ptrdiff_t(first[cell + 1]);
    if (!std::is_sorted(begin, end)) std::sort(begin, end);
    for (auto it = begin; it != end; ++it) {
      if (nz.day.size() > nz.first.back() && nz.day.back() == *it) {
        ++nz.count.back();
      } else {
        nz.day.push_back(*it);
        nz.count.push_back(1);
      }
    }
  }
  nz.first.push_back(nz.day.size());
  return out;
}

std::vector<std::vector<double>> window_sums(const NonZeroDays& nz, std::size_t from, std::size_t weeks) {
  std::vector<std::vector<double>> out(weeks, std::vector<double>(nz.first.size() - 1, 0.0));
  for (std::size_t cell = 0; cell + 1 < nz.first.size(); ++cell)
    for (std::size_t i = nz.first[cell]; i < nz.first[cell + 1]; ++i)
      if (nz.day[i] >= from && nz.day[i] < from + 7 * weeks) out[(nz.day[i] - from) / 7][cell] += nz.count[i];
  return out;
}

std::vector<std::vector<double>> daily_totals(const DailyCounts& w, const NonZeroDays& nz) {
  std::vector<std::vector<double>> total(w.categories, std::vector<double>(w.days, 0.0));
  for (std::size_t cell = 0; cell + 1 < nz.first.size(); ++cell)
    for (std::size_t i = nz.first[cell]; i < nz.first[cell + 1]; ++i)
      total[cell % w.categories][nz.day[i]] += nz.count[i];
  return total;
}

double WeightedSums::effective_count(std::size_t k, std::size_t g, std::size_t c) const {
  if (!(weight[k] > 0)) return 0.0;
  return sum(Eigen::Index(g), Eigen::Index(k * categories + c)) * weight[k] / weight2[k];
}

RateMatrix WeightedSums::rates() const {
  RateMatrix out(sum.rows(), sum.cols());
  for (Eigen::Index g = 0; g < sum.rows(); ++g)
    for (Eigen::Index col = 0; col < sum.cols(); ++col) {
      const double e = weight[std::size_t(col) / categories];
      out(g, col) = e > 0 ? sum(g, col) / e : 0.0;
    }
  return out;
}

WeightedSums weighted_sums(const DailyCounts& w, const NonZeroDays& nz, double h, const std::vector<std::size_t>& at) {
  const double q = std::isinf(h) ? 1.0 : std::exp2(-1 / h), half = std::isinf(h) ? 1.0 : std::exp2(-0.5 / h);
  const std::size_t C = w.categories, K = at.size();
  WeightedSums out{C, std::vector<double>(K), std::vector<double>(K),
                   RateMatrix::Zero(Eigen::Index(w.grids), Eigen::Index(K * C))};
  double e = 0, e2 = 0;
  for (std::size_t d = 0, k = 0; k < K; ++d) {
    for (; k < K && at[k] == d; ++k) out.weight[k] = e, out.weight2[k] = e2;
    if (d >= w.days) break;
    e = q * e + half, e2 = q * q * e2 + half * half;
  }
  // power[n] = q^n: a count n days before an origin's last day weighs half * q^n there.
  std::vector<double> power(w.days + 1, 1.0);
  if (q != 1.0)
    for (std::size_t n = 0; n < power.size(); ++n) power[n] = std::pow(q, double(n));
  for (std::size_t cell = 0; cell + 1 < nz.first.size(); ++cell) {
    double s = 0;
    std::size_t i = nz.first[cell], previous = 0;
    for (std::size_t k = 0; k < K; ++k) {
      double added = 0;
      for (; i < nz.first[cell + 1] && nz.day[i] < at[k]; ++i) added += nz.count[i] * power[at[k] - 1 - nz.day[i]];
      s = s * power[at[k] - previous] + half * added;
      previous = at[k];
      out.sum(Eigen::Index(cell / C), Eigen::Index(k * C + cell % C)) = s;
    }
  }
  return out;
}

}  // namespace riskgrid::models::level
