// Stage 6 of a run: the files it leaves, all drawn from the one record.
#include <filesystem>
#include <span>
#include <system_error>

#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/engine/render/run_pictures.hpp"
#include "riskgrid/engine/results/gis_export.hpp"
#include "riskgrid/engine/results/results_h5.hpp"
#include "riskgrid/engine/results/summary_json.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {
namespace fs = std::filesystem;

namespace {

void write_all(const Prepared& p, const results::RunRecord& record, const fs::path& dir,
               std::vector<std::string>& paths) {
  const auto& in = p.in;
  paths.push_back((dir / "results.h5").string());
  results::write_results_h5(paths.back(), record, in.district, in.catalog);
  paths.push_back((dir / "summary.json").string());
  results::write_summary_json(paths.back(), record, in.district, in.catalog);
  render::RunPictureOptions pictures;
  pictures.footnote = in.spec.district.note;
  for (auto& path : render::write_run_pictures(dir.string(), in.district, record.results, pictures))
    paths.push_back(std::move(path));
  for (const char* layer : {"risk.geojson", "risk.gpkg"}) {
    paths.push_back((dir / layer).string());
    results::write_results_layer(paths.back(), in.district, record.results, in.catalog);
  }
  render::ReportOptions report;
  report.footnote = in.spec.district.note;
  report.seed = record.seed;
  report.created = record.created;
  paths.push_back((dir / "report.html").string());
  render::write_html_report(paths.back(), in.district, in.catalog, std::span(&record.results, 1), report);
}

}  // namespace

std::vector<std::string> write_outputs(const Prepared& p, const results::RunRecord& record, const fs::path& dir) {
  std::vector<std::string> paths;
  try {
    write_all(p, record, dir, paths);
  } catch (...) {
    // A run that fails at a picture has not succeeded: a complete-looking results.h5 beside the error
    // would say otherwise. The files this run wrote go, and the one it failed on (so no earlier run's
    // copy of it sits among this run's files).
    std::error_code ec;
    for (const std::string& path : paths) fs::remove(path, ec);
    throw;
  }
  return paths;
}

}  // namespace riskgrid::run
