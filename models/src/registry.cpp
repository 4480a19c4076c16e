#include "riskgrid/models/registry.hpp"

#include "riskgrid/models/arrival/negbin_weekday.hpp"

namespace riskgrid::models {

void register_builtin(ModelRegistry& registry) {
  registry.arrivals.add(std::string(NegbinWeekday::kName), [] { return std::make_unique<NegbinWeekday>(); });
}

}  // namespace riskgrid::models
