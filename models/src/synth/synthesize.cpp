// Writing a synthetic history and its params file; generating it on first use.
#include <filesystem>

#include "riskgrid/engine/incidents/history_csv.hpp"
#include "riskgrid/models/synth/synthetic_history.hpp"

namespace riskgrid::models {

std::size_t write_synthetic_history(const SynthSpec& spec, const spatial::District& district,
                                    const catalog::CategoryCatalog& catalog, const std::string& csv_path) {
  const SynthParams params = synth_params(spec, district, catalog);
  const incidents::IncidentTable table = generate_history(spec, district, catalog);
  // Params first: a CSV that exists always has its params beside it, since ensure_history keys on
  // the CSV alone.
  write_synth_params(params_path_for(csv_path), params);
  incidents::write_history_csv(csv_path, table, district, catalog);
  return table.size();
}

void ensure_history(const std::string& csv_path, const std::string& spec_path, const spatial::District& district,
                    const catalog::CategoryCatalog& catalog) {
  if (std::filesystem::exists(csv_path)) return;
  write_synthetic_history(load_synth_spec(spec_path, catalog), district, catalog, csv_path);
}

}  // namespace riskgrid::models
