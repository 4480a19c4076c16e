#include "riskgrid/engine/spatial/units_io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/csv_reader.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"
#include "spatial/square_grid.hpp"
#include "spatial/units_ogr.hpp"

namespace riskgrid::spatial {
namespace ogr = io::ogr;

namespace {

namespace bg = geo::bg;

// A unit as read: attributes from its first feature, every feature's polygons (lon/lat).
struct RawUnit {
  spatial::Unit unit;
  long long first_feature = 0;
  std::vector<std::unique_ptr<OGRMultiPolygon>> parts;
};

// Field indices of the attributes the units: block names; -1 when not asked for.
struct Attributes {
  int id = -1, name = -1, town = -1, population = -1, staff = -1;
};

int field_index(OGRLayer& layer, const std::string& field, const char* key, const std::string& where) {
  if (field.empty()) return -1;
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const int index = defn->GetFieldIndex(field.c_str());
  if (index >= 0) return index;
  std::vector<std::string> names;
  for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  const std::string hint = io::closest_match(field, names);
  throw InputError(fmt::format("{}: no attribute '{}' (units.{}); the features have {}{}", where, field, key,
                               names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")),
                               io::did_you_mean(hint)));
}

// "file (layer 'x'): feature N: attribute 'a': expected ..., got ..."
[[noreturn]] void fail(const std::string& where, long long feature, const std::string& what) {
  throw InputError(fmt::format("{}: feature {}: {}", where, feature, what));
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// Names and attributes reach pictures, the report and HDF5 strings, which need UTF-8; GDAL hands a
// GeoJSON's or an un-recoded shapefile's bytes over as they are, so they are checked here, at the feature.
std::string text_of(const OGRFeature& f, int index, const std::string& where, long long feature) {
  if (index < 0 || !f.IsFieldSetAndNotNull(index)) return {};
  std::string text = trimmed(f.GetFieldAsString(index));
  if (!io::valid_utf8(text))
    fail(where, feature,
         fmt::format("attribute '{}': expected UTF-8 text, got bytes that are not UTF-8 (a shapefile needs a .cpg "
                     "naming its encoding)",
                     f.GetFieldDefnRef(index)->GetNameRef()));
  return text;
}

// A number >= 0 from a numeric attribute, or a text attribute holding one.
double number_of(const OGRFeature& f, int index, bool whole, const std::string& where, long long feature) {
  const std::string name = f.GetFieldDefnRef(index)->GetNameRef();
  const std::string text = text_of(f, index, where, feature);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const bool ok = !text.empty() && *end == '\0' && std::isfinite(value) && value >= 0 &&
                  (!whole || (value == std::floor(value) && value < 1e9));
  if (!ok)
    fail(where, feature,
         fmt::format("attribute '{}': expected {}, got \"{}\"", name, whole ? "a whole number >= 0" : "a number >= 0",
                     text));
  return value;
}

void read_attributes(const OGRFeature& f, const Attributes& a, const std::string& where, long long feature,
                     spatial::Unit& unit) {
  unit.name = text_of(f, a.name, where, feature);
  if (unit.name.empty()) unit.name = unit.id;
  if (a.town >= 0) {
    unit.parent = text_of(f, a.town, where, feature);
    if (unit.parent.empty())
      fail(where, feature,
           fmt::format("attribute '{}': expected a town name, got nothing", f.GetFieldDefnRef(a.town)->GetNameRef()));
  }
  unit.population = a.population >= 0 ? number_of(f, a.population, false, where, feature) : 1;
  unit.staff = a.staff >= 0 ? static_cast<int>(number_of(f, a.staff, true, where, feature)) : 0;
  for (int i = 0; i < f.GetFieldCount(); ++i)
    if (i != a.id && i != a.name && i != a.town && i != a.population && i != a.staff && f.IsFieldSetAndNotNull(i))
      unit.attributes[f.GetFieldDefnRef(i)->GetNameRef()] = text_of(f, i, where, feature);
}

// The feature's polygons in lon/lat, valid (repaired with a warning when GEOS finds them invalid).
std::unique_ptr<OGRMultiPolygon> read_geometry(const OGRFeature& f, OGRCoordinateTransformation* ct,
                                               const std::string& where, long long feature, UnitsLoad& load) {
  const OGRGeometry* g = f.GetGeometryRef();
  if (g == nullptr) fail(where, feature, "expected a Polygon or MultiPolygon, got no geometry");
  std::unique_ptr<OGRMultiPolygon> shape = units_ogr::polygonal(*g);
  if (!shape)
    fail(where, feature,
         fmt::format("expected a Polygon or MultiPolygon, got {}",
                     g->IsEmpty() ? "an empty geometry" : g->getGeometryName()));
  if (ct != nullptr && shape->transform(ct) != OGRERR_NONE)
    fail(where, feature, "cannot reproject its coordinates to lon/lat (outside the CRS's area?)");
  OGREnvelope box;
  shape->getEnvelope(&box);
  if (!(box.MinX >= -180 && box.MaxX <= 180 && box.MinY >= -90 && box.MaxY <= 90))
    fail(where, feature,
         fmt::format("expected coordinates that are lon/lat once reprojected, got x {} .. {}, y {} "
                     ".. {} (is the CRS right? units.crs sets it)",
                     box.MinX, box.MaxX, box.MinY, box.MaxY));
  ogr::QuietErrors quiet;  // GEOS explains invalid rings on stderr; the warning below says it
  if (!shape->IsValid()) {
    std::unique_ptr<OGRGeometry> fixed(shape->MakeValid());
    std::unique_ptr<OGRMultiPolygon> repaired = fixed ? units_ogr::polygonal(*fixed) : nullptr;
    if (!repaired) fail(where, feature, "expected a valid polygon, got one GEOS cannot repair (MakeValid)");
    shape = std::move(repaired);
    ++load.repaired;
    load.warnings.push_back(fmt::format(
        "{}: feature {}: invalid polygon (self-intersecting or badly nested rings) repaired", where, feature));
  }
  return shape;
}

std::vector<RawUnit> read_features(const UnitsSource& s, UnitsLoad& load) {
  const units_ogr::OpenLayer open = units_ogr::open_layer(s.path, s.layer);
  const auto ct = units_ogr::lonlat_transform(open, s.crs);
  OGRLayer& layer = *open.layer;
  const Attributes a{field_index(layer, s.id_field, "id", open.name),
                     field_index(layer, s.name_field, "name", open.name),
                     field_index(layer, s.town_field, "town", open.name),
                     field_index(layer, s.population_field, "population", open.name),
                     field_index(layer, s.staff_field, "staff", open.name)};
  std::vector<RawUnit> units;
  std::map<std::string, std::size_t> by_id;
  std::vector<long long> skipped;
  long long number = 0;
  ogr::QuietErrors quiet;  // e.g. "Non closed ring detected": our own messages say what matters
  layer.ResetReading();
  for (auto& feature : layer) {
    ++number;
    const std::string id = text_of(*feature, a.id, open.name, number);
    if (id.empty()) {
      skipped.push_back(number);
      continue;
    }
    auto shape = read_geometry(*feature, ct.get(), open.name, number, load);
    const auto [it, fresh] = by_id.emplace(id, units.size());
    if (fresh) {
      units.emplace_back();
      units.back().unit.id = id;
      units.back().first_feature = number;
      read_attributes(*feature, a, open.name, number, units.back().unit);
    } else {
      ++load.merged_features;
    }
    units[it->second].parts.push_back(std::move(shape));
  }
  load.features = static_cast<std::size_t>(number);
  load.skipped_empty_id = skipped.size();
  if (!skipped.empty())
    load.warnings.push_back(fmt::format("{}: {} feature(s) with an empty '{}' skipped (feature {}{})", open.name,
                                        skipped.size(), s.id_field, skipped.front(),
                                        skipped.size() > 1 ? ", ..." : ""));
  if (units.empty())
    throw InputError(
        fmt::format("{}: expected at least one feature with a '{}', got none of {}", open.name, s.id_field, number));
  return units;
}

// A unit's polygons as one lon/lat MultiPolygon: features with the same id become their union.
std::unique_ptr<OGRMultiPolygon> merged_shape(RawUnit& raw, const std::string& where) {
  if (raw.parts.size() == 1) return std::move(raw.parts.front());
  std::vector<const OGRGeometry*> parts;
  for (const auto& p : raw.parts) parts.push_back(p.get());
  auto merged = units_ogr::union_of(parts);
  if (!merged)
    fail(where, raw.first_feature,
         fmt::format("cannot merge the {} features with id \"{}\" (GEOS union failed)", raw.parts.size(), raw.unit.id));
  return merged;
}

// Union of units that do not quite meet (ZIP polygons digitised one by one) keeps the gaps between
// them as thin holes, which maps would draw as borders inside a town. Holes below this share of the
// whole are such gaps and are filled; an enclave of real size stays.
constexpr double kSliverShare = 1e-4;

geo::MultiPolygon without_slivers(geo::MultiPolygon shape) {
  const double whole = bg::area(shape);
  for (geo::Polygon& polygon : shape) {
    auto& holes = polygon.inners();
    holes.erase(std::remove_if(holes.begin(), holes.end(),
                               [&](const geo::Ring& hole) { return std::abs(bg::area(hole)) < kSliverShare * whole; }),
                holes.end());
  }
  return shape;
}

// Towns from the units' `town` values in order of first appearance: shape = union, sums of people.
std::vector<spatial::Unit> group_towns(const std::vector<spatial::Unit>& grids) {
  std::vector<spatial::Unit> towns;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const OGRGeometry*>> parts;
  std::vector<std::unique_ptr<OGRMultiPolygon>> shapes;
  for (const spatial::Unit& g : grids) {
    const auto [it, fresh] = index.emplace(g.parent, towns.size());
    if (fresh) {
      towns.push_back(spatial::Unit{g.parent, g.parent, "", "", 0, 0, {}, 0, {}});
      parts.emplace_back();
    }
    towns[it->second].population += g.population;
    towns[it->second].staff += g.staff;
    shapes.push_back(units_ogr::to_ogr(g.shape));
    parts[it->second].push_back(shapes.back().get());
  }
  for (std::size_t t = 0; t < towns.size(); ++t) {
    auto u = units_ogr::union_of(parts[t]);
    towns[t].shape = u ? without_slivers(units_ogr::to_geo(*u)) : geo::MultiPolygon{};
    spatial::update_derived(towns[t]);
  }
  return towns;
}

spatial::Unit whole_district_town(const spatial::District& d) {
  spatial::Unit town{kWholeDistrictTown, d.name, "", "", 0, 0, d.outline, 0, {}};
  for (const spatial::Unit& g : d.grids) {
    town.population += g.population;
    town.staff += g.staff;
  }
  spatial::update_derived(town);
  return town;
}

// Each unit's town from a second polygon file: the town holding the unit's centroid, else the one it
// overlaps most. Towns then form as with a town attribute (shapes the union of their units).
std::vector<spatial::Unit> join_towns(const TownLayerSpec& t, spatial::District& d, UnitsLoad& load) {
  const units_ogr::OpenLayer open = units_ogr::open_layer(t.path, t.layer);
  const auto ct = units_ogr::lonlat_transform(open, t.crs);
  OGRLayer& layer = *open.layer;
  const int id = field_index(layer, t.id_field, "towns.id", open.name);
  const int name = field_index(layer, t.name_field, "towns.name", open.name);
  struct Town {
    std::string id, name;
    geo::MultiPolygon shape;
  };
  std::vector<Town> towns;
  long long number = 0;
  ogr::QuietErrors quiet;
  layer.ResetReading();
  for (auto& feature : layer) {
    ++number;
    Town town{text_of(*feature, id, open.name, number), text_of(*feature, name, open.name, number), {}};
    if (town.id.empty())
      fail(open.name, number, fmt::format("attribute '{}': expected a town id, got nothing", t.id_field));
    const auto shape = read_geometry(*feature, ct.get(), open.name, number, load);
    town.shape = d.projection.to_metric(units_ogr::to_geo(*shape));
    bg::correct(town.shape);
    towns.push_back(std::move(town));
  }
  if (towns.empty()) throw InputError(fmt::format("{}: expected town polygons, got no feature", open.name));
  for (spatial::Unit& g : d.grids) {
    std::size_t best = towns.size();
    for (std::size_t i = 0; i < towns.size() && best == towns.size(); ++i)
      if (bg::covered_by(g.centroid, towns[i].shape)) best = i;
    double most = 0;
    for (std::size_t i = 0; i < towns.size() && best == towns.size(); ++i) {
      geo::MultiPolygon overlap;
      try {
        bg::intersection(g.shape, towns[i].shape, overlap);
      } catch (const std::exception&) {
        continue;  // an overlay GEOS-valid shapes still trip in Boost: the centroid test decided the rest
      }
      if (const double area = bg::area(overlap); area > most) most = area, best = i;
    }
    if (best == towns.size())
      throw InputError(fmt::format("{}: unit '{}' lies in no town of {} (units.towns)", t.where, g.id, open.name));
    g.parent = towns[best].id;
  }
  std::vector<spatial::Unit> grouped = group_towns(d.grids);
  for (spatial::Unit& town : grouped)
    for (const Town& named : towns)
      if (named.id == town.id && !named.name.empty()) town.name = named.name;
  return grouped;
}

// Each unit's population from a CSV table, joined by unit id; every unit needs a row.
void join_population(const PopulationTableSpec& p, std::vector<spatial::Unit>& grids, UnitsLoad& load) {
  std::ifstream in(p.path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open the population table", p.path));
  io::CsvReader reader(in, p.path);
  io::CsvRecord r;
  if (!reader.next(r)) throw InputError(fmt::format("{}: the table is empty (expected a header line)", p.path));
  std::vector<std::string> header;
  for (const std::string& f : r.fields) header.push_back(trimmed(f));
  const auto column = [&](const std::string& wanted, const char* key) {
    const auto at = std::find(header.begin(), header.end(), wanted);
    if (at == header.end())
      throw ScenarioError(fmt::format("{}: population.{}: column '{}' is not in the header of {}{}", p.where, key,
                                      wanted, p.path, io::did_you_mean(wanted, header)));
    return static_cast<std::size_t>(at - header.begin());
  };
  const std::size_t id = column(p.id_column, "id"), value = column(p.value_column, "value");
  std::map<std::string, std::pair<double, std::size_t>> rows;  // id -> population, line
  while (reader.next(r)) {
    const std::string key = trimmed(r[id]), text = trimmed(r[value]);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v) || v < 0)
      throw InputError(
          fmt::format("{}:{}: column '{}': expected a number >= 0, got \"{}\"", p.path, r.line, p.value_column, text));
    const auto [it, fresh] = rows.emplace(key, std::make_pair(v, r.line));
    if (!fresh)
      throw InputError(
          fmt::format("{}:{}: unit id '{}' again (first on line {})", p.path, r.line, key, it->second.second));
  }
  std::vector<std::string> missing;
  std::size_t used = 0;
  for (spatial::Unit& g : grids) {
    const auto it = rows.find(g.id);
    if (it == rows.end()) {
      missing.push_back(g.id);
      continue;
    }
    g.population = it->second.first;
    ++used;
  }
  if (!missing.empty())
    throw InputError(fmt::format(
        "{}: no row for {} of {} units (column '{}'): {}{}", p.path, missing.size(), grids.size(), p.id_column,
        fmt::join(missing.begin(), missing.begin() + std::min<std::ptrdiff_t>(5, std::ssize(missing)), ", "),
        missing.size() > 5 ? ", ..." : ""));
  if (rows.size() > used)
    load.warnings.push_back(
        fmt::format("{}: {} row(s) name no unit of the district (ignored)", p.path, rows.size() - used));
}

void load_polygon_units(const UnitsSource& s, UnitsLoad& load) {
  std::vector<RawUnit> raw = read_features(s, load);
  const std::string where = fmt::format("{}", s.path);
  std::vector<std::unique_ptr<OGRMultiPolygon>> lonlat;
  std::vector<const OGRGeometry*> all;
  for (RawUnit& r : raw) {
    lonlat.push_back(merged_shape(r, where));
    all.push_back(lonlat.back().get());
  }
  const auto outline = units_ogr::union_of(all);
  if (!outline) throw InputError(fmt::format("{}: cannot form the union of the units (GEOS)", where));
  spatial::District& d = load.district;
  const geo::MultiPolygon outline_lonlat = without_slivers(units_ogr::to_geo(*outline));
  d.projection = geo::projection_centred_on(outline_lonlat);
  d.outline = d.projection.to_metric(outline_lonlat);
  bg::correct(d.outline);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    spatial::Unit unit = std::move(raw[i].unit);
    unit.shape = d.projection.to_metric(units_ogr::to_geo(*lonlat[i]));
    bg::correct(unit.shape);
    spatial::update_derived(unit);
    d.grids.push_back(std::move(unit));
  }
  if (s.population_table) join_population(*s.population_table, d.grids, load);
  if (s.towns) d.towns = join_towns(*s.towns, d, load);
  if (!s.town_field.empty()) d.towns = group_towns(d.grids);
}

}  // namespace

UnitsLoad load_units(const UnitsSource& source, const std::string& name) {
  UnitsLoad load;
  load.district.name = name;
  if (source.square) {
    load_square_units(source, load);
  } else {
    load_polygon_units(source, load);
  }
  spatial::District& d = load.district;
  if (d.towns.empty()) {
    d.towns.push_back(whole_district_town(d));
    for (spatial::Unit& g : d.grids) g.parent = kWholeDistrictTown;
  }
  return load;
}

spatial::District load_units_district(const UnitsSource& source, const std::string& name) {
  return load_units(source, name).district;
}

}  // namespace riskgrid::spatial
