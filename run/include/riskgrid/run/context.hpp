#pragma once
// What a command hands every stage of a run besides the scenario: threads, where messages and progress
// go, the data and cache folders, and the processes the replicas are spread over. Nothing under
// engine/, models/ or run/ reads or writes the environment; the app fills this from its options and
// the environment (app/environment.cpp).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/run/ranks.hpp"

namespace riskgrid::run {

struct RunContext {
  int threads = 0;                                                        ///< 0 = all cores
  std::function<void(const std::string&)> log;                            ///< stage messages (may be empty)
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;  ///< (may be empty)
  std::string data_dir;            ///< what ${data} stands for in district files; empty: each file's data_dir:
  std::string cache_dir;           ///< the incident store's folder; empty: ingest without a cache
  const Ranks* ranks = nullptr;    ///< null: one process
  std::uint64_t memory_bytes = 0;  ///< what a run may use (run/memory_estimate.hpp); 0: the machine's memory
  /// Called at named points ("output:summary.json" once that file is written) so that tests can stop
  /// the process there (the app: RISKGRID_TEST_KILL_AT); may be empty.
  std::function<void(std::string_view point)> checkpoint;

  void say(const std::string& message) const {
    if (log) log(message);
  }
  void reached(std::string_view point) const {
    if (checkpoint) checkpoint(point);
  }
  const Ranks& processes() const;
  scenario::LoadOptions load_options() const { return {data_dir}; }
};

}  // namespace riskgrid::run
