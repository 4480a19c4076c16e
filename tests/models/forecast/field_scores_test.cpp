// The field's conventions: Poisson log score and closed-form CRPS of a total, and hotspots as a count
// of units with ties at the cut-off in expectation.
#include "riskgrid/models/forecast/field_scores.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/models/forecast/count_distribution.hpp"

namespace riskgrid::models::forecast {
namespace {

// sum_x (F(x) - 1{x >= y})^2 term by term, far into the tail.
double brute_force_crps(double mean, std::uint32_t y) {
  const CountDistribution d{mean, kPoissonSize};
  double total = 0, f = 0;
  const auto last = static_cast<std::uint32_t>(mean + 40 * std::sqrt(mean) + 60 + y);
  for (std::uint32_t x = 0; x <= last; ++x) {
    f += std::exp(log_pmf(d, x));
    const double step = x >= y ? 1.0 : 0.0;
    total += (std::min(f, 1.0) - step) * (std::min(f, 1.0) - step);
  }
  return total;
}

TEST(FieldScores, PoissonCrpsClosedFormEqualsTheBruteForceSum) {
  for (const double mean : {0.02, 0.3, 1.0, 2.7, 11.0, 60.0, 300.0, 420.0})
    for (const std::uint32_t y : {0u, 1u, 3u, 12u, 70u, 400u}) {
      const double brute = brute_force_crps(mean, y);
      EXPECT_NEAR(poisson_crps(mean, y), brute, 1e-9 * (1 + brute)) << "mean " << mean << " y " << y;
    }
  EXPECT_DOUBLE_EQ(poisson_crps(0.0, 3), 3.0);  // all mass at 0
}

TEST(FieldScores, PoissonLogScoreIsLogPmfOfTheTotal) {
  EXPECT_NEAR(poisson_log_score(2.0, 3), 3 * std::log(2.0) - 2 - std::log(6.0), 1e-12);
  EXPECT_DOUBLE_EQ(poisson_log_score(0.0, 0), 0.0);
  EXPECT_TRUE(std::isinf(poisson_log_score(0.0, 1)));
}

TEST(FieldScores, HotspotCountsRoundPNUnitsAndSharesTiesInExpectation) {
  // 10 units of 1 km^2, 20%: round(2) = 2 places. Unit 0 (5) is above the cut-off 3; units 1, 2, 3
  // tie at 3 and share the one place left, 1/3 each.
  const std::vector<double> forecast{5, 3, 3, 3, 1, 1, 0, 0, 0, 0};
  const std::vector<double> observed{2, 3, 0, 6, 1, 0, 0, 0, 0, 0};  // 12 incidents
  std::vector<double> area(10, 1e6);
  const FieldHotspot h = field_hotspot(forecast, observed, area, 0.2);
  EXPECT_DOUBLE_EQ(h.flagged, 2.0);
  EXPECT_NEAR(h.hit_rate, (2 + (3 + 0 + 6) / 3.0) / 12, 1e-12);  // 5 / 12
  EXPECT_NEAR(h.pai, (5.0 / 12) / 0.2, 1e-12);                   // flagged area 2 of 10 units
  // Unequal areas: unit 2 is twice as large; the expected flagged area is 1 + (1 + 2 + 1) / 3 of 11.
  area[2] = 2e6;
  const FieldHotspot u = field_hotspot(forecast, observed, area, 0.2);
  EXPECT_NEAR(u.hit_rate, 5.0 / 12, 1e-12);
  EXPECT_NEAR(u.pai, (5.0 / 12) / ((1 + 4.0 / 3) / 11), 1e-12);
  // No ties: the top round(p N) units exactly; nothing observed gives 0.
  const FieldHotspot top = field_hotspot({{4, 3, 2, 1}}, {{1, 1, 1, 1}}, {{1, 1, 1, 1}}, 0.5);
  EXPECT_DOUBLE_EQ(top.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(top.pai, 1.0);
  EXPECT_DOUBLE_EQ(field_hotspot({{1, 2}}, {{0, 0}}, {{1, 1}}, 0.5).hit_rate, 0.0);
  EXPECT_TRUE(std::isnan(field_hotspot({{1, 2}}, {{1, 0}}, {{1, 1}}, 0.1).pai));  // round(0.2) = 0 units
  EXPECT_THROW(field_hotspot({{1, 2}}, {{0}}, {{1, 1}}, 0.5), std::invalid_argument);
  EXPECT_THROW(field_hotspot({{1, 2}}, {{0, 0}}, {{1, 1}}, 1.5), std::invalid_argument);
}

}  // namespace
}  // namespace riskgrid::models::forecast
