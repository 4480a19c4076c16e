#include "spatial/units_ogr.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::spatial::units_ogr {
namespace ogr = io::ogr;

namespace {

std::vector<std::string> layer_names(GDALDataset& dataset) {
  std::vector<std::string> names;
  for (int i = 0; i < dataset.GetLayerCount(); ++i) names.emplace_back(dataset.GetLayer(i)->GetName());
  return names;
}

void append_polygons(const OGRGeometry& g, OGRMultiPolygon& out) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon:
      if (!g.IsEmpty()) out.addGeometry(&g);
      break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *g.toGeometryCollection()) append_polygons(*part, out);
      break;
    default:
      break;  // points and lines have no area: not part of a unit
  }
}

}  // namespace

OpenLayer open_layer(const std::string& path, const std::string& layer) {
  ogr::register_drivers();
  // GDAL's virtual file systems (/vsimem/, /vsizip/) are not on disk; everything else must be.
  std::error_code ec;
  if (path.rfind("/vsi", 0) != 0 && !std::filesystem::exists(path, ec))
    throw IoError(fmt::format("{}: cannot open file: no such file", path));
  ogr::QuietErrors quiet;
  OpenLayer open;
  open.dataset.reset(
      GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!open.dataset || open.dataset->GetLayerCount() < 1)
    throw InputError(
        fmt::format("{}: expected a vector file with polygons (GeoJSON, Shapefile, GeoPackage, KML, ...){}", path,
                    ogr::QuietErrors::last()));
  open.layer = layer.empty() ? open.dataset->GetLayer(0) : open.dataset->GetLayerByName(layer.c_str());
  if (open.layer == nullptr) {
    const std::vector<std::string> names = layer_names(*open.dataset);
    const std::string hint = io::closest_match(layer, names);
    throw InputError(fmt::format("{}: no layer '{}'; the file has {}{}", path, layer, fmt::join(names, ", "),
                                 io::did_you_mean(hint)));
  }
  open.name = fmt::format("{} (layer '{}')", path, open.layer->GetName());
  return open;
}

std::unique_ptr<OGRCoordinateTransformation> lonlat_transform(const OpenLayer& open, const std::string& crs_override) {
  OGRSpatialReference source;
  if (!crs_override.empty()) {
    if (source.SetFromUserInput(crs_override.c_str()) != OGRERR_NONE)
      throw ScenarioError(fmt::format("{}: units.crs: expected a CRS PROJ knows, got \"{}\"", open.name, crs_override));
  } else if (const OGRSpatialReference* declared = open.layer->GetSpatialRef()) {
    source = *declared;
  } else {
    throw InputError(
        fmt::format("{}: the file declares no CRS; say which with crs: under units: (e.g. crs: EPSG:4326)", open.name));
  }
  // Files store x = easting/lon whatever the authority's axis order says.
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const OGRSpatialReference lonlat = ogr::lonlat_srs();
  if (source.IsSame(&lonlat)) return nullptr;  // already lon/lat (GeoJSON, KML): nothing to do
  ogr::QuietErrors quiet;
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&source, &lonlat));
  if (!ct)
    throw InputError(fmt::format("{}: cannot transform its CRS to lon/lat{}", open.name, ogr::QuietErrors::last()));
  return ct;
}

std::unique_ptr<OGRMultiPolygon> polygonal(const OGRGeometry& geometry) {
  auto out = std::make_unique<OGRMultiPolygon>();
  append_polygons(geometry, *out);
  if (out->IsEmpty()) return nullptr;
  out->flattenTo2D();
  return out;
}

std::unique_ptr<OGRMultiPolygon> union_of(const std::vector<const OGRGeometry*>& parts) {
  OGRMultiPolygon all;
  for (const OGRGeometry* part : parts) append_polygons(*part, all);
  if (all.IsEmpty()) return nullptr;
  all.flattenTo2D();
  ogr::QuietErrors quiet;
  std::unique_ptr<OGRGeometry> merged(all.UnionCascaded());
  if (!merged) return nullptr;
  return polygonal(*merged);
}

geo::MultiPolygon to_geo(const OGRMultiPolygon& polygons) {
  geo::MultiPolygon out;
  auto ring = [](const OGRLinearRing& in, geo::Ring& r) {
    for (int k = 0; k < in.getNumPoints(); ++k) r.emplace_back(in.getX(k), in.getY(k));
  };
  for (const OGRPolygon* polygon : polygons) {
    if (polygon->IsEmpty()) continue;
    geo::Polygon p;
    ring(*polygon->getExteriorRing(), p.outer());
    for (int h = 0; h < polygon->getNumInteriorRings(); ++h) {
      p.inners().emplace_back();
      ring(*polygon->getInteriorRing(h), p.inners().back());
    }
    out.push_back(std::move(p));
  }
  geo::bg::correct(out);
  return out;
}

std::unique_ptr<OGRMultiPolygon> to_ogr(const geo::MultiPolygon& shape) { return ogr::to_ogr(shape); }

}  // namespace riskgrid::spatial::units_ogr
