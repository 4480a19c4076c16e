// Stage 6 of a run: the files it leaves, all drawn from the one record.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <span>
#include <system_error>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/render/html_report.hpp"
#include "riskgrid/engine/render/run_pictures.hpp"
#include "riskgrid/engine/results/gis_export.hpp"
#include "riskgrid/engine/results/results_h5.hpp"
#include "riskgrid/engine/results/summary_json.hpp"
#include "riskgrid/run/stages.hpp"

namespace riskgrid::run {
namespace fs = std::filesystem;

namespace {

constexpr const char* kRecord = "results.h5";

// Writes every output into `dir`, calling `written(name)` after each so that tests can stop there.
void write_all(const Prepared& p, const results::RunRecord& record, const fs::path& dir,
               const std::function<void(const std::string&)>& written, std::vector<std::string>& names) {
  const auto& in = p.in;
  auto done = [&](std::string name) {
    names.push_back(std::move(name));
    written(names.back());
  };
  results::write_results_h5((dir / kRecord).string(), record, in.district, in.catalog);
  done(kRecord);
  results::write_summary_json((dir / "summary.json").string(), record, in.district, in.catalog);
  done("summary.json");
  render::RunPictureOptions pictures;
  pictures.footnote = in.spec.district.note;
  for (const auto& path : render::write_run_pictures(dir.string(), in.district, record.results, pictures))
    done(fs::path(path).filename().string());
  for (const char* layer : {"risk.geojson", "risk.gpkg"}) {
    results::write_results_layer((dir / layer).string(), in.district, record.results, in.catalog);
    done(layer);
  }
  render::ReportOptions report;
  report.footnote = in.spec.district.note;
  report.seed = record.seed;
  report.created = record.created;
  render::write_html_report((dir / "report.html").string(), in.district, in.catalog, std::span(&record.results, 1),
                            report);
  done("report.html");
}

// Hidden, and named like an atomic writer's temporary (io::is_temporary_name) so that the next command
// in the folder removes it when this process is gone.
fs::path staging_folder(const fs::path& dir) { return dir / fmt::format(".outputs.{}.0.tmp", ::getpid()); }

// Moves the staged files into `dir`, results.h5 last: while they move, the folder has no results.h5,
// which is what batch and merge read as "this run is not done". A move that fails takes back the ones
// already moved, so a failed run never leaves part of its files among an earlier run's.
void move_in(const fs::path& staging, const fs::path& dir, std::vector<std::string> names) {
  std::stable_partition(names.begin(), names.end(), [](const std::string& n) { return n != kRecord; });
  std::error_code ignored;
  fs::remove(dir / kRecord, ignored);
  std::vector<fs::path> moved;
  for (const std::string& name : names) {
    std::error_code ec;
    fs::rename(staging / name, dir / name, ec);
    if (ec) {
      for (const fs::path& path : moved) fs::remove(path, ignored);
      throw IoError(fmt::format("{}: cannot put the run's file in place: {}", (dir / name).string(), ec.message()));
    }
    moved.push_back(dir / name);
  }
}

std::string in_place_of(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

std::vector<std::string> write_outputs(const RunContext& context, const Prepared& p, const results::RunRecord& record,
                                       const fs::path& dir) {
  const fs::path staging = staging_folder(dir);
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create the output folder: {}", dir.string(), ec.message()));
  std::vector<std::string> names;
  try {
    write_all(
        p, record, staging, [&](const std::string& name) { context.reached("output:" + name); }, names);
    move_in(staging, dir, names);
  } catch (const IoError& e) {
    fs::remove_all(staging, ec);
    throw IoError(in_place_of(e.what(), staging.string(), dir.string()));  // the names the user knows
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  fs::remove_all(staging, ec);
  std::vector<std::string> paths;
  for (const std::string& name : names) paths.push_back((dir / name).string());
  return paths;
}

}  // namespace riskgrid::run
