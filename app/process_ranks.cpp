// The ranks of ranks.hpp behind the run library's interface, whichever implementation is linked.
#include "ranks.hpp"

namespace riskgrid::app {
namespace {

class ProcessRanks final : public run::Ranks {
 public:
  int rank() const override { return this_rank(); }
  int count() const override { return rank_count(); }
  void on_every_rank(const std::function<void()>& work) const override { app::on_every_rank(work); }
  run::ReplicaBlock block(std::uint64_t first, std::uint64_t count) const override {
    return this_rank_block(first, count);
  }
  ensemble::EnsembleTally sum_tallies_on_root(ensemble::EnsembleTally local) const override {
    return app::sum_tallies_on_root(std::move(local));
  }
  std::vector<tally::CountArrays> gather_arrays_on_root(tally::CountArrays local) const override {
    return app::gather_arrays_on_root(std::move(local));
  }
  std::vector<std::uint8_t> flags_from_root(std::vector<std::uint8_t> flags) const override {
    return app::flags_from_root(std::move(flags));
  }
};

}  // namespace

const run::Ranks& process_ranks() {
  static const ProcessRanks ranks;  // stateless: forwards to this process's rank functions
  return ranks;
}

}  // namespace riskgrid::app
