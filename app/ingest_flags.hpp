#pragma once
// The options every command that may ingest a city's export shares (docs/ingest.md):
//   --data-dir DIR          what ${data} stands for in district files (sets RISKGRID_DATA_DIR)
//   --max-bad-fraction F    more quarantined rows than this share is an error (exit 3)
#include <optional>
#include <string>

#include <boost/program_options.hpp>

namespace riskgrid::app {

struct IngestFlags {
  std::string data_dir;
  double max_bad_fraction = -1;  ///< < 0: not given

  /// Adds the two options to `options`.
  void add_to(boost::program_options::options_description& options);
  /// Checks them and applies --data-dir to the environment, so every district file loaded by this
  /// process sees it. Throws boost::program_options::error (usage) on a bad value.
  void apply() const;
  std::optional<double> max_bad() const {
    return max_bad_fraction < 0 ? std::nullopt : std::optional<double>(max_bad_fraction);
  }
};

}  // namespace riskgrid::app
