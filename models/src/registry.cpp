#include "riskgrid/models/registry.hpp"

#include "riskgrid/models/arrival/negbin_weekday.hpp"
#include "riskgrid/models/response/des_response.hpp"

namespace riskgrid::models {

void register_builtin(ModelRegistry& registry) {
  registry.arrivals.add(std::string(NegbinWeekday::kName), [] { return std::make_unique<NegbinWeekday>(); });
  registry.responses.add(std::string(response::DesResponse::kName),
                         [] { return std::make_unique<response::DesResponse>(); });
}

}  // namespace riskgrid::models
