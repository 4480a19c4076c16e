// Thread scaling of the ensemble (replicas per second on 1..N threads) for a Putuo-sized model:
// 45 grids x 13 categories, the typhoon drill's 72 hourly bins. The fitted numbers are set by hand
// (about 1,100 incidents a day split by the catalog's shares) so this binary needs no district files
// and links only the ensemble and the sampler: it can run on a bare many-core machine.
//   riskgrid_scaling [replicas=4000] [max threads=hardware]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "riskgrid/engine/ensemble/ensemble_runner.hpp"
#include "riskgrid/models/arrival/negbin_weekday.hpp"

namespace {
using namespace riskgrid;

models::NegbinWeekdayFit putuo_sized_fit() {
  const double shares[] = {0.20, 0.15, 0.10, 0.09, 0.08, 0.07, 0.06, 0.06, 0.05, 0.05, 0.04, 0.03, 0.02};
  models::NegbinWeekdayFit fit;
  fit.grids = 45;
  fit.categories = 13;
  for (std::size_t c = 0; c < fit.categories; ++c) {
    fit.category_ids.push_back(std::to_string(c));
    fit.weekday_factor.push_back({1.1, 1.1, 1.1, 1.1, 1.1, 0.75, 0.75});
    std::array<double, 24> hours{};
    hours.fill(1.0 / 24);
    fit.hour_share.push_back(hours);
    fit.dispersion.push_back(10);
    fit.inverse_dispersion_estimate.push_back(0.1);
    fit.looks_poisson.push_back(0);
  }
  for (std::size_t g = 0; g < fit.grids; ++g)
    for (double share : shares) fit.rate.push_back(1100.0 / 45 * share * (0.6 + 0.8 * double(g % 7) / 6));
  return fit;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t replicas = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4000;
  const int max_threads = argc > 2 ? std::atoi(argv[2]) : int(std::thread::hardware_concurrency());
  const models::FittedNegbinWeekday fitted(putuo_sized_fit());
  const time::TimeGrid horizon{*time::parse_iso("2026-11-02"), time::kHour, 72};
  const ensemble::TallyShape shape{horizon.bins, 45, 13};
  std::vector<double> multiplier(shape.cells(), 1.0);
  for (std::size_t i = 0; i < multiplier.size(); ++i) multiplier[i] = (i % 13 == 4 || i % 13 == 10) ? 12.0 : 1.7;
  const auto sampler = fitted.prepare(horizon, {shape, multiplier});
  std::printf("threads,replicas,seconds,replicas_per_second,speedup,efficiency\n");
  double one_thread = 0;
  ensemble::EnsembleTally reference;
  for (int threads = 1; threads <= max_threads; threads = threads < 2 ? 2 : threads + (threads < 8 ? 2 : 4)) {
    ensemble::EnsembleConfig config;
    config.seed = 20261101;
    config.replicas = replicas;
    config.threads = threads;
    const auto t0 = std::chrono::steady_clock::now();
    auto tally = ensemble::run_ensemble(
        config, shape, [&](const rng::ReplicaKey& key, std::span<std::uint32_t> c, ensemble::ModelTally*) {
          sampler->sample(key, {shape, c});
        });
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (threads == 1) one_thread = s, reference = tally;
    const bool identical = tally == reference;
    std::printf("%d,%llu,%.3f,%.0f,%.2f,%.2f%s\n", threads, static_cast<unsigned long long>(replicas), s,
                double(replicas) / s, one_thread / s, one_thread / s / threads, identical ? "" : ",DIFFERS");
  }
  return 0;
}
