#include "riskgrid/engine/results/gis_export.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "io/ogr_util.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/time/civil_time.hpp"

namespace riskgrid::results {
namespace ogr = io::ogr;

namespace fs = std::filesystem;
using results::ScenarioResults;

namespace {

struct Format {
  std::string_view extension;
  const char* driver;
};
constexpr Format kFormats[] = {{".geojson", "GeoJSON"}, {".gpkg", "GPKG"}};
constexpr const char* kKnownExtensions = ".geojson, .gpkg";

constexpr std::size_t kTopCategories = 3;

// The attribute table in column order (docs/gis-layers.md describes each).
struct Field {
  const char* name;
  OGRFieldType type;
};
constexpr Field kFields[] = {{"id", OFTString},
                             {"name", OFTString},
                             {"name_local", OFTString},
                             {"town", OFTString},
                             {"type", OFTString},
                             {"population", OFTReal},
                             {"staff", OFTInteger},
                             {"area_km2", OFTReal},
                             {"mean", OFTReal},
                             {"p05", OFTReal},
                             {"p50", OFTReal},
                             {"p95", OFTReal},
                             {"exceed_prob", OFTReal},
                             {"exceed_threshold", OFTReal},
                             {"p_double_normal", OFTReal},
                             {"normal", OFTReal},
                             {"ratio_to_normal", OFTReal},
                             {"excess", OFTReal},
                             {"level", OFTInteger},
                             {"level_name", OFTString},
                             {"level_reason", OFTString},
                             {"rank", OFTInteger},
                             {"top_category_1", OFTString},
                             {"top_share_1", OFTReal},
                             {"top_category_2", OFTString},
                             {"top_share_2", OFTReal},
                             {"top_category_3", OFTString},
                             {"top_share_3", OFTReal},
                             {"top_drill", OFTString},
                             {"top_drill_added", OFTReal},
                             {"scenario", OFTString},
                             {"horizon_start", OFTDateTime},
                             {"horizon_end", OFTDateTime}};

// With case handling only: the bureau's figures per grid over the horizon (docs/gis-layers.md).
constexpr Field kHandlingFields[] = {{"closed", OFTReal},     {"closed_on_time", OFTReal}, {"on_time_share", OFTReal},
                                     {"open_start", OFTReal}, {"open_end", OFTReal},       {"overdue_end", OFTReal}};

const Format& format_for(const std::string& path) {
  std::string extension = fs::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const Format& format : kFormats) {
    if (extension == format.extension) return format;
  }
  throw ScenarioError(
      fmt::format("{}: cannot write a GIS layer with extension \"{}\"; known: {}", path, extension, kKnownExtensions));
}

void expect_size(std::string_view array, std::size_t got, std::size_t want) {
  if (got != want) {
    throw std::invalid_argument(fmt::format("GIS layer: {} has {} values, expected {}", array, got, want));
  }
}

// Mismatched arrays are a bug in the caller, not a user error: std::invalid_argument, as the
// HDF5 writer does, before any file is touched.
void validate(const spatial::District& district, const ScenarioResults& r, const catalog::CategoryCatalog& catalog) {
  if (r.name.empty()) throw std::invalid_argument("GIS layer: the scenario has no name");
  expect_size("results.units (grids of the district)", r.units, district.grids.size());
  expect_size("results.categories (the catalog)", r.categories, catalog.size());
  const std::pair<const char*, std::size_t> per_unit[] = {
      {"horizon.mean", r.horizon.mean.size()},
      {"horizon.p05", r.horizon.p05.size()},
      {"horizon.p50", r.horizon.p50.size()},
      {"horizon.p95", r.horizon.p95.size()},
      {"horizon.exceedance", r.horizon.exceedance.size()},
      {"horizon_threshold", r.horizon_threshold.size()},
      {"horizon.above_double_normal", r.horizon.above_double_normal.size()},
      {"horizon_normal", r.horizon_normal.size()},
      {"horizon_ratio_to_normal", r.horizon_ratio_to_normal.size()},
      {"horizon_excess", r.horizon_excess.size()},
      {"horizon_risk_level", r.horizon_risk_level.size()},
      {"level_reason", r.level_reason.size()},
      {"rank", r.rank.size()}};
  for (const auto& [name, size] : per_unit) expect_size(name, size, r.units);
  expect_size("category_excess", r.category_excess.size(), r.units * r.categories);
  expect_size("drill_added", r.drill_added.size(), r.units * r.drill_names.size());
  for (std::size_t u = 0; u < r.units; ++u) {
    const int level = r.horizon_risk_level[u];
    if (level < 0 || static_cast<std::size_t>(level) >= r.levels.size()) {
      throw std::invalid_argument(fmt::format("GIS layer: grid '{}' has risk level {}, but {} bands",
                                              district.grids[u].id, level, r.levels.size()));
    }
  }
}

struct TopCategory {
  std::string id;  ///< empty when fewer categories contribute
  double share = 0;
};

// Categories by their weighted excess over normal, largest first (ties keep catalog order, so the result
// does not depend on the sort). Only excesses above zero drive anything; a share is of the positive ones.
std::array<TopCategory, kTopCategories> top_categories(const ScenarioResults& r,
                                                       const catalog::CategoryCatalog& catalog, std::size_t unit) {
  const double* row = r.category_excess.data() + unit * r.categories;
  // NaN would break the sort's ordering; it never drives anything.
  auto term = [row](std::size_t c) { return std::isnan(row[c]) ? -std::numeric_limits<double>::infinity() : row[c]; };
  std::vector<std::size_t> order(r.categories);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return term(a) > term(b); });
  double total = 0;  // the positive excesses: shares of them add up to 1
  for (std::size_t c = 0; c < r.categories; ++c) total += std::max(term(c), 0.0);
  std::array<TopCategory, kTopCategories> top;
  for (std::size_t k = 0; k < std::min(kTopCategories, order.size()); ++k) {
    const double value = term(order[k]);
    if (!(value > 0) || !(total > 0)) break;
    top[k] = {catalog.categories[order[k]].id, value / total};
  }
  return top;
}

struct TopDrill {
  std::string name;  ///< empty when no drill adds incidents
  double added = 0;
};

// A drill that adds nothing here (or removes incidents) does not drive this grid's risk.
TopDrill top_drill(const ScenarioResults& r, std::size_t unit) {
  const std::size_t drills = r.drill_names.size();
  TopDrill best;
  for (std::size_t d = 0; d < drills; ++d) {
    const double added = r.drill_added[unit * drills + d];
    if (added > best.added) best = {r.drill_names[d], added};
  }
  return best;
}

struct LayerInput {
  const spatial::District& district;
  const ScenarioResults& results;
  const catalog::CategoryCatalog& catalog;
  const std::string& path;  ///< for messages
};

// Every attribute is set on every feature (empty text rather than null), so each GeoJSON feature
// carries the full set of properties and QGIS shows no NULLs for "none".
void set_unit_fields(OGRFeature& feature, const spatial::Unit& grid) {
  feature.SetField("id", grid.id.c_str());
  feature.SetField("name", grid.name.c_str());
  feature.SetField("name_local", grid.name_local.c_str());
  feature.SetField("town", grid.parent.c_str());
  feature.SetField("type", grid.type.c_str());
  feature.SetField("population", grid.population);
  feature.SetField("staff", grid.staff);
  // Rounded to 1 m^2 as in district files: the attribute is for people reading the table.
  feature.SetField("area_km2", std::round(geo::bg::area(grid.shape)) / 1e6);
}

void set_result_fields(OGRFeature& feature, const ScenarioResults& r, std::size_t u) {
  feature.SetField("mean", r.horizon.mean[u]);
  feature.SetField("p05", r.horizon.p05[u]);
  feature.SetField("p50", r.horizon.p50[u]);
  feature.SetField("p95", r.horizon.p95[u]);
  feature.SetField("exceed_prob", r.horizon.exceedance[u]);
  feature.SetField("exceed_threshold", r.horizon_threshold[u]);
  feature.SetField("p_double_normal", r.horizon.above_double_normal[u]);
  feature.SetField("normal", r.horizon_normal[u]);
  feature.SetField("ratio_to_normal", r.horizon_ratio_to_normal[u]);
  feature.SetField("excess", r.horizon_excess[u]);
  const int level = r.horizon_risk_level[u];
  feature.SetField("level", level);
  feature.SetField("level_name", r.levels[static_cast<std::size_t>(level)].name.c_str());
  feature.SetField("level_reason", r.level_reason[u].c_str());
  feature.SetField("rank", r.rank[u]);
  feature.SetField("scenario", r.name.c_str());
  // Local civil time without a zone: OGR parses the text into a DateTime with an unknown zone,
  // which GeoJSON and GeoPackage both store without a UTC offset.
  feature.SetField("horizon_start", time::format_iso(r.time.start).c_str());
  feature.SetField("horizon_end", time::format_iso(r.time.end()).c_str());
}

void set_driver_fields(OGRFeature& feature, const LayerInput& in, std::size_t u) {
  const auto top = top_categories(in.results, in.catalog, u);
  for (std::size_t k = 0; k < top.size(); ++k) {
    feature.SetField(fmt::format("top_category_{}", k + 1).c_str(), top[k].id.c_str());
    feature.SetField(fmt::format("top_share_{}", k + 1).c_str(), top[k].share);
  }
  const TopDrill drill = top_drill(in.results, u);
  feature.SetField("top_drill", drill.name.c_str());
  feature.SetField("top_drill_added", drill.added);
}

void set_handling_fields(OGRFeature& feature, const ScenarioResults& r, std::size_t u) {
  const ResponseResults& h = r.response;
  double closed = 0, on_time = 0;
  for (std::size_t b = 0; b < r.time.bins; ++b)
    closed += h.closed_mean[b * r.units + u], on_time += h.closed_on_time_mean[b * r.units + u];
  const std::size_t last = (r.time.bins - 1) * r.units + u;
  feature.SetField("closed", closed);
  feature.SetField("closed_on_time", on_time);
  if (std::isfinite(h.on_time_share[u])) feature.SetField("on_time_share", h.on_time_share[u]);
  feature.SetField("open_start", h.open_at_start_mean[u]);
  feature.SetField("open_end", h.backlog_mean[last]);
  feature.SetField("overdue_end", h.overdue_mean[last]);
}

void write_grid(OGRLayer& layer, const LayerInput& in, std::size_t u) {
  const spatial::Unit& grid = in.district.grids[u];
  OGRFeature feature(layer.GetLayerDefn());
  set_unit_fields(feature, grid);
  set_result_fields(feature, in.results, u);
  set_driver_fields(feature, in, u);
  if (in.results.response.present) set_handling_fields(feature, in.results, u);
  feature.SetGeometryDirectly(ogr::to_ogr(in.district.projection.to_lonlat(grid.shape)).release());
  if (layer.CreateFeature(&feature) != OGRERR_NONE) {
    throw IoError(fmt::format("{}: cannot write grid '{}'{}", in.path, grid.id, ogr::QuietErrors::last()));
  }
}

CPLStringList layer_options(const Format& format, const ScenarioResults& r) {
  CPLStringList options;
  const std::string title = r.title.empty() ? r.name : r.title;
  options.SetNameValue("DESCRIPTION", fmt::format("{} (units: incidents over the horizon)", title).c_str());
  if (format.extension == ".geojson") {
    // Not RFC7946=YES: that mode writes a one-part MultiPolygon as a Polygon, and a layer mixing
    // both reads back as geometry type "Unknown". Our rings already follow the right-hand rule
    // (geo::Polygon); the "crs" member names CRS84, i.e. lon/lat WGS84 as RFC 7946 assumes.
    // 6 decimals is about 0.1 m, finer than any grid border.
    options.SetNameValue("COORDINATE_PRECISION", "6");
    options.SetNameValue("SIGNIFICANT_FIGURES", "15");  // attributes print as written
  }
  return options;
}

void create_layer(GDALDataset& dataset, const Format& format, const LayerInput& in) {
  OGRSpatialReference lonlat = ogr::lonlat_srs();
  CPLStringList options = layer_options(format, in.results);  // CreateLayer takes char**
  OGRLayer* layer = dataset.CreateLayer(in.results.name.c_str(), &lonlat, wkbMultiPolygon, options.List());
  if (layer == nullptr) throw IoError(fmt::format("{}: cannot create layer{}", in.path, ogr::QuietErrors::last()));
  std::vector<Field> fields(std::begin(kFields), std::end(kFields));
  if (in.results.response.present) fields.insert(fields.end(), std::begin(kHandlingFields), std::end(kHandlingFields));
  for (const Field& field : fields) {
    OGRFieldDefn defn(field.name, field.type);
    if (layer->CreateField(&defn) != OGRERR_NONE) {
      throw IoError(fmt::format("{}: cannot create field '{}'{}", in.path, field.name, ogr::QuietErrors::last()));
    }
  }
  // One transaction for all grids: a GeoPackage would otherwise sync the disk once per feature.
  const bool transaction = dataset.StartTransaction() == OGRERR_NONE;
  for (std::size_t u = 0; u < in.results.units; ++u) write_grid(*layer, in, u);
  if (transaction && dataset.CommitTransaction() != OGRERR_NONE)
    throw IoError(fmt::format("{}: cannot write file{}", in.path, ogr::QuietErrors::last()));
}

}  // namespace

void write_results_layer(const std::string& path, const spatial::District& district,
                         const results::ScenarioResults& results, const catalog::CategoryCatalog& catalog) {
  const Format& format = format_for(path);
  validate(district, results, catalog);
  ogr::register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.driver);
  if (driver == nullptr) throw IoError(fmt::format("{}: GDAL was built without its {} driver", path, format.driver));
  const LayerInput in{district, results, catalog, path};
  const ogr::QuietErrors quiet;
  // The driver is chosen above from the target's name; GDAL writes in memory and the bytes reach the
  // disk under a hidden temporary name that no GIS tool lists as a layer (io::AtomicFile).
  const ogr::MemoryFile memory(fs::path(path).filename().string());
  {
    ogr::DatasetPtr dataset(driver->Create(memory.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throw IoError(fmt::format("{}: cannot create file{}", path, ogr::QuietErrors::last()));
    create_layer(*dataset, format, in);
  }  // closing the dataset writes the GeoJSON and finishes the GeoPackage
  if (CPLGetLastErrorType() >= CE_Failure)
    throw IoError(fmt::format("{}: cannot write file{}", path, ogr::QuietErrors::last()));
  io::write_file(path, memory.bytes(), "the GIS layer");
}

}  // namespace riskgrid::results
