#include "riskgrid/engine/spatial/district_io.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"
#include "io/ogr_util.hpp"

namespace riskgrid::spatial {
namespace ogr = io::ogr;

namespace bg = geo::bg;

namespace {

ogr::DatasetPtr open_vector(const std::string& path) {
  ogr::register_drivers();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw IoError(fmt::format("{}: cannot open file: no such file", path));
  ogr::QuietErrors quiet;
  ogr::DatasetPtr dataset(
      GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!dataset || dataset->GetLayerCount() < 1) {
    throw InputError(fmt::format("{}: expected a vector file with polygons (GeoJSON, Shapefile, GeoPackage, KML){}",
                                 path, ogr::QuietErrors::last()));
  }
  return dataset;
}

// Where an error is: "file: feature N" (N counts from 1 in file order).
struct FeatureRef {
  const std::string& file;
  long long number;
  [[noreturn]] void fail(const std::string& field, const std::string& expected, const std::string& got) const {
    throw InputError(
        fmt::format("{}: feature {}: field '{}': expected {}, got {}", file, number, field, expected, got));
  }
};

void append_ring(const OGRLinearRing& ring, geo::Ring& out) {
  for (int k = 0; k < ring.getNumPoints(); ++k) out.emplace_back(ring.getX(k), ring.getY(k));
}

void append_polygon(const OGRPolygon& polygon, geo::MultiPolygon& out) {
  if (polygon.IsEmpty()) return;
  geo::Polygon p;
  append_ring(*polygon.getExteriorRing(), p.outer());
  for (int h = 0; h < polygon.getNumInteriorRings(); ++h) {
    p.inners().emplace_back();
    append_ring(*polygon.getInteriorRing(h), p.inners().back());
  }
  out.push_back(std::move(p));
}

// Polygon or MultiPolygon, with rings put into our orientation (files disagree on it).
geo::MultiPolygon to_multipolygon(const OGRGeometry* geometry, const FeatureRef& where) {
  if (geometry == nullptr) where.fail("geometry", "a Polygon or MultiPolygon", "none");
  geo::MultiPolygon out;
  switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
      append_polygon(*geometry->toPolygon(), out);
      break;
    case wkbMultiPolygon:
      for (const OGRPolygon* polygon : *geometry->toMultiPolygon()) append_polygon(*polygon, out);
      break;
    default:
      where.fail("geometry", "a Polygon or MultiPolygon", geometry->getGeometryName());
  }
  if (out.empty()) where.fail("geometry", "a Polygon or MultiPolygon", "an empty geometry");
  bg::correct(out);
  return out;
}

std::string got_value(const OGRFeature& feature, int index) {
  if (!feature.IsFieldSetAndNotNull(index)) return "nothing";
  return fmt::format("\"{}\"", feature.GetFieldAsString(index));
}

std::string text_field(const OGRFeature& feature, const char* name, bool required, const FeatureRef& where) {
  const int index = feature.GetFieldIndex(name);
  if (index < 0 || !feature.IsFieldSetAndNotNull(index)) {
    if (required) where.fail(name, "a non-empty string", "nothing");
    return {};
  }
  std::string value = feature.GetFieldAsString(index);
  if (required && value.empty()) where.fail(name, "a non-empty string", "\"\"");
  // Names reach pictures, the report and HDF5 strings, which need UTF-8; GDAL passes bytes through.
  if (!io::valid_utf8(value)) where.fail(name, "UTF-8 text", "bytes that are not UTF-8");
  return value;
}

double number_field(const OGRFeature& feature, const char* name, bool integral, const FeatureRef& where) {
  const char* expected = integral ? "a whole number >= 0" : "a number >= 0";
  const int index = feature.GetFieldIndex(name);
  if (index < 0) where.fail(name, expected, "nothing");
  const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
  if (!feature.IsFieldSetAndNotNull(index) || (type != OFTInteger && type != OFTInteger64 && type != OFTReal))
    where.fail(name, expected, got_value(feature, index));
  const double value = feature.GetFieldAsDouble(index);
  if (!std::isfinite(value) || value < 0 || (integral && value != std::floor(value)))
    where.fail(name, expected, got_value(feature, index));
  return value;
}

// The attributes read_unit does not name, as text; area_km2 is derived and recomputed on reading.
std::map<std::string, std::string> other_attributes(const OGRFeature& feature, const FeatureRef& where) {
  static const std::set<std::string> named{"id",   "name",       "name_local", "town",
                                           "type", "population", "staff",      "area_km2"};
  std::map<std::string, std::string> out;
  for (int i = 0; i < feature.GetFieldCount(); ++i) {
    const std::string key = feature.GetFieldDefnRef(i)->GetNameRef();
    if (named.contains(key) || !feature.IsFieldSetAndNotNull(i)) continue;
    out[key] = feature.GetFieldAsString(i);
    if (!io::valid_utf8(out[key])) where.fail(key, "UTF-8 text", "bytes that are not UTF-8");
  }
  return out;
}

spatial::Unit read_unit(OGRFeature& feature, const FeatureRef& where, const geo::LocalProjection& projection) {
  spatial::Unit unit;
  unit.id = text_field(feature, "id", true, where);
  unit.name = text_field(feature, "name", true, where);
  unit.name_local = text_field(feature, "name_local", false, where);
  unit.parent = text_field(feature, "town", false, where);
  unit.type = text_field(feature, "type", false, where);
  unit.population = number_field(feature, "population", false, where);
  const double staff = number_field(feature, "staff", true, where);
  if (staff > 1e9) where.fail("staff", "a whole number below 1e9", fmt::format("{}", staff));
  unit.staff = static_cast<int>(staff);
  unit.attributes = other_attributes(feature, where);
  unit.shape = projection.to_metric(to_multipolygon(feature.GetGeometryRef(), where));
  bg::correct(unit.shape);
  spatial::update_derived(unit);
  return unit;
}

std::vector<spatial::Unit> read_units(const std::string& path, const geo::LocalProjection& projection) {
  ogr::DatasetPtr dataset = open_vector(path);
  OGRLayer* layer = dataset->GetLayer(0);
  std::vector<spatial::Unit> units;
  std::map<std::string, long long> seen;  // id -> feature number, for duplicate messages
  long long number = 0;
  layer->ResetReading();
  for (auto& feature : *layer) {
    const FeatureRef where{path, ++number};
    spatial::Unit unit = read_unit(*feature, where, projection);
    const auto [it, inserted] = seen.emplace(unit.id, number);
    if (!inserted)
      where.fail("id", fmt::format("an id not used before (feature {} has it)", it->second),
                 fmt::format("\"{}\"", unit.id));
    units.push_back(std::move(unit));
  }
  if (units.empty()) throw InputError(fmt::format("{}: expected at least one feature, got none", path));
  return units;
}

// Grids name their town; a name that matches no town would silently drop out of every town total.
void check_parents(const std::vector<spatial::Unit>& grids, const std::vector<spatial::Unit>& towns,
                   const std::string& grids_path, const std::string& towns_path) {
  for (std::size_t g = 0; g < grids.size(); ++g) {
    if (grids[g].parent.empty()) continue;
    bool found = false;
    for (const auto& town : towns) found = found || town.id == grids[g].parent;
    if (!found) {
      FeatureRef{grids_path, static_cast<long long>(g) + 1}.fail(
          "town", fmt::format("the id of a town in {}", towns_path), fmt::format("\"{}\"", grids[g].parent));
    }
  }
}

}  // namespace

geo::MultiPolygon read_outline_lonlat(const std::string& path) {
  ogr::DatasetPtr dataset = open_vector(path);
  OGRLayer* layer = dataset->GetLayer(0);
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (srs != nullptr && !srs->IsGeographic())
    throw InputError(fmt::format("{}: expected lon/lat coordinates (WGS84), got a projected CRS", path));
  layer->ResetReading();
  std::unique_ptr<OGRFeature> feature(layer->GetNextFeature());
  if (!feature) throw InputError(fmt::format("{}: expected an outline feature, got none", path));
  return to_multipolygon(feature->GetGeometryRef(), FeatureRef{path, 1});
}

spatial::District load_district(const std::string& outline_path, const std::string& towns_path,
                                const std::string& grids_path, const std::string& name) {
  const geo::MultiPolygon outline = read_outline_lonlat(outline_path);
  spatial::District district;
  district.name = name;
  district.projection = geo::projection_centred_on(outline);
  district.outline = district.projection.to_metric(outline);
  bg::correct(district.outline);
  district.towns = read_units(towns_path, district.projection);
  district.grids = read_units(grids_path, district.projection);
  check_parents(district.grids, district.towns, grids_path, towns_path);
  return district;
}

namespace {

// The other attributes of the units (Unit::attributes), each written as a boolean when every value
// it takes is "true" or "false" (GeoJSON true/false), else as text; in key order, after the named ones.
std::map<std::string, bool> extra_fields(const std::vector<spatial::Unit>& units) {
  std::map<std::string, bool> is_flag;
  for (const spatial::Unit& unit : units)
    for (const auto& [key, value] : unit.attributes) {
      const bool flag = value == "true" || value == "false";
      const auto [it, added] = is_flag.emplace(key, flag);
      if (!added) it->second = it->second && flag;
    }
  return is_flag;
}

void create_field(OGRLayer& layer, const char* name, OGRFieldType type, OGRFieldSubType subtype,
                  const std::string& path) {
  OGRFieldDefn defn(name, type);
  defn.SetSubType(subtype);
  if (layer.CreateField(&defn) != OGRERR_NONE)
    throw IoError(fmt::format("{}: cannot create field '{}'{}", path, name, ogr::QuietErrors::last()));
}

void create_fields(OGRLayer& layer, const std::map<std::string, bool>& extra, const std::string& path) {
  const std::pair<const char*, OGRFieldType> fields[] = {
      {"id", OFTString},       {"name", OFTString},   {"name_local", OFTString}, {"town", OFTString},
      {"population", OFTReal}, {"staff", OFTInteger}, {"type", OFTString},       {"area_km2", OFTReal}};
  for (const auto& [name, type] : fields) create_field(layer, name, type, OFSTNone, path);
  for (const auto& [name, flag] : extra)
    create_field(layer, name.c_str(), flag ? OFTInteger : OFTString, flag ? OFSTBoolean : OFSTNone, path);
}

void write_feature(OGRLayer& layer, const spatial::Unit& unit, const std::map<std::string, bool>& extra,
                   const geo::LocalProjection& projection, const std::string& path) {
  OGRFeature feature(layer.GetLayerDefn());
  feature.SetField("id", unit.id.c_str());
  feature.SetField("name", unit.name.c_str());
  // Empty optional texts stay unset, so the GeoJSON driver leaves them out rather than writing "".
  if (!unit.name_local.empty()) feature.SetField("name_local", unit.name_local.c_str());
  if (!unit.parent.empty()) feature.SetField("town", unit.parent.c_str());
  feature.SetField("population", unit.population);
  feature.SetField("staff", unit.staff);
  if (!unit.type.empty()) feature.SetField("type", unit.type.c_str());
  // Rounded to 1 m^2: the attribute is for people reading the file; readers recompute areas.
  feature.SetField("area_km2", std::round(bg::area(unit.shape)) / 1e6);
  // Absent attributes stay unset, so the GeoJSON driver leaves them out of that feature.
  for (const auto& [key, value] : unit.attributes) {
    if (extra.at(key))
      feature.SetField(key.c_str(), value == "true" ? 1 : 0);
    else
      feature.SetField(key.c_str(), value.c_str());
  }
  feature.SetGeometryDirectly(ogr::to_ogr(projection.to_lonlat(unit.shape)).release());
  if (layer.CreateFeature(&feature) != OGRERR_NONE)
    throw IoError(fmt::format("{}: cannot write unit '{}'{}", path, unit.id, ogr::QuietErrors::last()));
}

}  // namespace

void write_units(const std::string& path, const std::vector<spatial::Unit>& units,
                 const geo::LocalProjection& projection, const std::string& note) {
  ogr::register_drivers();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  if (driver == nullptr) throw IoError("GDAL was built without its GeoJSON driver");
  ogr::QuietErrors quiet;
  const ogr::MemoryFile memory(std::filesystem::path(path).filename().string());  // see ogr::MemoryFile
  {
    ogr::DatasetPtr dataset(driver->Create(memory.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throw IoError(fmt::format("{}: cannot create file{}", path, ogr::QuietErrors::last()));
    OGRSpatialReference lonlat = ogr::lonlat_srs();
    CPLStringList options;
    options.SetNameValue("COORDINATE_PRECISION", "6");  // about 0.1 m
    options.SetNameValue("SIGNIFICANT_FIGURES",
                         "15");  // attributes print as written, no 0.1+0.2 tails
    if (!note.empty()) options.SetNameValue("DESCRIPTION", note.c_str());
    const std::string layer_name = std::filesystem::path(path).stem().string();
    OGRLayer* layer = dataset->CreateLayer(layer_name.c_str(), &lonlat, wkbMultiPolygon, options.List());
    if (layer == nullptr) throw IoError(fmt::format("{}: cannot create layer{}", path, ogr::QuietErrors::last()));
    const std::map<std::string, bool> extra = extra_fields(units);
    create_fields(*layer, extra, path);
    for (const spatial::Unit& unit : units) write_feature(*layer, unit, extra, projection, path);
  }  // closing the dataset flushes the file
  if (CPLGetLastErrorType() >= CE_Failure)
    throw IoError(fmt::format("{}: cannot write file{}", path, ogr::QuietErrors::last()));
  io::write_file(path, memory.bytes(), "the units");
}

}  // namespace riskgrid::spatial
