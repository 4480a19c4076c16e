#include "ingest_flags.hpp"

#include "environment.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::app {
namespace po = boost::program_options;

void IngestFlags::add_to(po::options_description& options) {
  options.add_options()("data-dir", po::value(&data_dir),
                        "folder that ${data} stands for in district files "
                        "(overrides data_dir: and RISKGRID_DATA_DIR)")(
      "max-bad-fraction", po::value(&max_bad_fraction),
      "fail (exit 3) when more than this share of a mapped history's rows is quarantined (default 0.25)");
}

void IngestFlags::apply() const {
  if (max_bad_fraction != -1 && !(max_bad_fraction >= 0 && max_bad_fraction <= 1))
    throw po::error(fmt::format("--max-bad-fraction: expected a share between 0 and 1, got {}", max_bad_fraction));
  if (data_dir.empty()) return;
  if (!std::filesystem::is_directory(data_dir))
    throw po::error(fmt::format("--data-dir: '{}' is not a folder", data_dir));
}

scenario::DistrictSpec IngestFlags::district_of(const std::string& path) const {
  const scenario::LoadOptions options{data_folder()};
  const YAML::Node root = io::load_yaml_file(path);
  if (root.IsMap() && root["district"]) return scenario::load_scenarios(path, options).front().district;
  return scenario::load_district_spec(std::filesystem::weakly_canonical(path).string(), options);
}

std::string IngestFlags::data_folder() const {
  return data_dir.empty() ? data_dir_from_environment() : std::filesystem::absolute(data_dir).string();
}

}  // namespace riskgrid::app
