// Fitting the scenario's arrival model; a best_of_backtest choice remembered in the cache folder.
#include "riskgrid/run/fit_model.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/time/time_grid.hpp"
#include "riskgrid/models/backtest/best_of_backtest.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {

namespace fs = std::filesystem;
using models::BestOfBacktest;

namespace {

constexpr std::string_view kChoiceHeader = "riskgrid model choice v1";

// A remembered choice, if the file holds one for this key whose winner is still a candidate. A file
// that does not (cut, edited, from another version) is ignored: the choice is made again.
std::optional<BestOfBacktest::Choice> recall(const std::string& path, const std::string& key,
                                             const BestOfBacktest& model) {
  std::ifstream file(path);
  std::string header, winner, scores;
  if (!file || !std::getline(file, header) || !std::getline(file, winner) || !std::getline(file, scores))
    return std::nullopt;
  if (header != fmt::format("{} {}", kChoiceHeader, key) || !model.is_candidate(winner)) return std::nullopt;
  return BestOfBacktest::Choice{winner, scores};
}

void remember(const RunContext& context, const std::string& path, const std::string& key,
              const BestOfBacktest::Choice& choice) {
  try {
    io::write_file(path, fmt::format("{} {}\n{}\n{}\n", kChoiceHeader, key, choice.winner, choice.scores),
                   "the remembered model choice");
  } catch (const IoError& e) {  // a cache that cannot be written costs time next run, not this result
    context.say(fmt::format("warning: {}", e.what()));
  }
}

std::unique_ptr<models::FittedArrivals> fit_best_of_backtest(const RunContext& context, const BestOfBacktest& model,
                                                             const models::FitInput& in) {
  const std::string key = model.choice_key(in);
  const std::string path = remembered_choice_path(context, key);
  if (!path.empty())
    if (const auto choice = recall(path, key, model)) {
      context.say(
          fmt::format("best_of_backtest: {} chosen before on the same training data ({})", choice->winner, path));
      return model.fit_choice(in, *choice);
    }
  const auto choice = model.choose(in);
  if (!path.empty()) remember(context, path, key, choice);
  return model.fit_choice(in, choice);
}

}  // namespace

std::string remembered_choice_path(const RunContext& context, const std::string& key) {
  if (context.cache_dir.empty()) return {};
  return (fs::path(context.cache_dir) / "model-choice" / (key + ".txt")).string();
}

std::unique_ptr<models::FittedArrivals> fit_arrival_model(const RunContext& context, const scenario::ScenarioSpec& spec,
                                                          const models::ArrivalModel& model,
                                                          const models::FitInput& in) {
  const auto* best = dynamic_cast<const BestOfBacktest*>(&model);
  if (!best) return model.fit(in);
  if (!spec.arrival_model_stated && !best->can_choose(in)) {
    context.say(fmt::format(
        "no model named and training {} .. {} too short to choose one by backtest (it needs two weeks before "
        "the last {} weeks): negbin_weekday",
        time::format_date(in.train_start), time::format_date(in.train_end), 4));
    scenario::ScenarioSpec fallback = spec;
    fallback.arrival_model = "negbin_weekday";
    fallback.arrival_model_settings.clear();
    fallback.arrival_model_lists.clear();
    return make_arrival_model(fallback)->fit(in);
  }
  return fit_best_of_backtest(context, *best, in);
}

}  // namespace riskgrid::run
