#pragma once
// The response-model plug-in interface: from a scenario's `response:` block, the district, catalog,
// history and the fitted arrivals, prepare a per-run simulation that handles each replica's arrivals
// into the ensemble's model tally (case_handling_tally.hpp). Selected by `response: {model: <name>}` through the
// ModelRegistry.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "riskgrid/models/plugin/registry.hpp"
#include "riskgrid/engine/catalog/category_catalog.hpp"
#include "riskgrid/engine/ensemble/model_tally.hpp"
#include "riskgrid/engine/incidents/incident_table.hpp"
#include "riskgrid/engine/rng/stream.hpp"
#include "riskgrid/engine/scenario/scenario_spec.hpp"
#include "riskgrid/engine/spatial/district.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/response/history_handling.hpp"
#include "riskgrid/models/response/response_tally.hpp"

namespace riskgrid::models::response {

struct ResponseInput {
  const scenario::ResponseBlock& block;
  const spatial::District& district;
  const catalog::CategoryCatalog& catalog;
  const incidents::IncidentTable& history;
  time::TimeGrid horizon;
  time::Seconds train_start = 0, train_end = 0;
  std::span<const double> baseline;  ///< expected arrivals [bin][grid][category] without drills
  /// When not empty: grid staff (people) per grid from the horizon start, replacing the scenario's
  /// (riskgrid allocate); empty: the scenario's own. Random streams do not depend on it.
  std::span<const double> grid_staff = {};
};

/// A response model prepared for one run; shared by all threads.
class PreparedResponse {
 public:
  virtual ~PreparedResponse() = default;
  /// True when arrivals are the history's own (replay): the run then draws them with
  /// models::HistoryReplaySampler (arrival/history_replay.hpp), and this model replays the same
  /// incidents at their exact times.
  virtual bool replays() const = 0;
  /// An empty case-handling tally for this run (a CaseHandlingTally sized for its grids and teams): the
  /// ensemble keeps one per worker and merges them with the counts (EnsembleConfig::model).
  virtual std::unique_ptr<ensemble::ModelTally> empty_tally() const = 0;
  /// Simulates one replica on its arrivals [bin][grid][category] and adds it to `into` (a worker's
  /// tally, or one replica's of riskgrid allocate). Thread-safe for distinct `into`; draws only from
  /// the streams of `key`.
  virtual void run_replica(const rng::ReplicaKey& key, std::span<const std::uint32_t> counts, ResponseTally& into) = 0;
  /// Names of the teams beyond the grids' staff, in the tally's team order ("town:<id>", "district",
  /// "department:<name>"); empty for a model without teams.
  virtual std::vector<std::string> team_names() const { return {}; }
  /// Replay only: the history's own handling of the replayed incidents, judged by the simulation's
  /// on-time rule (history_handling.hpp), to print beside the replay's; empty otherwise.
  virtual std::optional<HistoryHandling> history_handling() const { return std::nullopt; }
  /// Probability of overdue life-safety cases at which a grid turns red (a scenario setting).
  virtual double red_probability() const = 0;
  /// A few lines for the log: pools, servers, mode.
  virtual std::string summary() const = 0;
};

class ResponseModel {
 public:
  virtual ~ResponseModel() = default;
  virtual std::string_view name() const = 0;
  /// Reads and checks the block against the district and catalog without history (for validate).
  /// Throws ScenarioError naming file:line:column.
  virtual void check(const scenario::ResponseBlock& block, const spatial::District& district,
                     const catalog::CategoryCatalog& catalog) const = 0;
  /// Throws ScenarioError for a bad block, InputError when the history cannot serve (e.g. replay outside it).
  virtual std::unique_ptr<PreparedResponse> prepare(const ResponseInput& input) const = 0;
};

}  // namespace riskgrid::models::response
