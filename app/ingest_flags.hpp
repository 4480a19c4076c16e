#pragma once
// The options every command that may ingest a city's export shares (docs/ingest.md):
//   --data-dir DIR          what ${data} stands for in district files (over RISKGRID_DATA_DIR)
//   --max-bad-fraction F    more quarantined rows than this share is an error (exit 3)
#include <optional>
#include <string>

#include <boost/program_options.hpp>

#include "riskgrid/engine/scenario/scenario_spec.hpp"

namespace riskgrid::app {

struct IngestFlags {
  std::string data_dir;
  double max_bad_fraction = -1;  ///< < 0: not given

  /// Adds the two options to `options`.
  void add_to(boost::program_options::options_description& options);
  /// Checks them. Throws boost::program_options::error (usage) on a bad value.
  void apply() const;
  /// What ${data} stands for: --data-dir, else RISKGRID_DATA_DIR, else empty (each file's data_dir:).
  std::string data_folder() const;
  /// The district of a district file, or of a scenario file (one with `district:`), with data_folder().
  scenario::DistrictSpec district_of(const std::string& path) const;
  std::optional<double> max_bad() const {
    return max_bad_fraction < 0 ? std::nullopt : std::optional<double>(max_bad_fraction);
  }
};

}  // namespace riskgrid::app
