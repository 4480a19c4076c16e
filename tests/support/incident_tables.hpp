#pragma once
// The same incidents as CSV and as the other tables a bureau exports (a workbook, a GIS layer, a
// compressed CSV, a database table), for the tests that check every format ingests like the CSV. The
// rows land in the squares of tests/data/ingest/nasty and include every quarantine reason a table
// without text errors can carry: bad times, unknown categories, missing and outside coordinates.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace riskgrid::testing {

struct IncidentRow {
  std::string id, created, category, lon, lat, note;
};

/// 60 rows: most fine, every 7th a bad time, every 11th an unknown category, every 13th without
/// coordinates, every 17th outside the squares. Minutes vary so the times resolve to minutes.
inline std::vector<IncidentRow> incident_rows() {
  std::vector<IncidentRow> rows;
  for (int i = 1; i <= 60; ++i) {
    IncidentRow r;
    r.id = fmt::format("w{}", i);
    r.created = i % 7 == 0 ? "not a time" : fmt::format("2024-03-{:02} {:02}:{:02}", 1 + i % 28, i % 24, (i * 7) % 60);
    r.category = i % 11 == 0 ? "unheard" : (i % 2 ? "noise" : "street");
    const double lon = 121.41 + 0.017 * (i % 5), lat = 31.21 + 0.013 * (i % 6);
    r.lon = fmt::format("{}", lon);
    r.lat = fmt::format("{}", lat);
    if (i % 13 == 0) r.lon = r.lat = "";
    if (i % 17 == 0) r.lon = "10.5", r.lat = "50.25";
    r.note = i % 3 ? "plain" : "with, comma";
    rows.push_back(r);
  }
  return rows;
}

inline std::string csv_text(const std::vector<IncidentRow>& rows) {
  std::string out = "id,created,category,lon,lat,note\n";
  for (const IncidentRow& r : rows)
    out += fmt::format("{},{},{},{},{},\"{}\"\n", r.id, r.created, r.category, r.lon, r.lat, r.note);
  return out;
}

inline void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

/// Writes the rows with a GDAL driver. `geometry`: a point layer in `epsg` (no lon/lat fields);
/// `typed`: created as a date-time field and lon/lat as numbers (null where the text is no value).
inline void write_table(const std::vector<IncidentRow>& rows, const std::string& driver, const std::string& path,
                        bool geometry, int epsg = 4326, bool typed = false) {
  GDALAllRegister();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!d) throw std::runtime_error("no GDAL driver " + driver);
  GDALDataset* ds = d->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  if (!ds) throw std::runtime_error("cannot create " + path);
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = ds->CreateLayer("incidents", geometry ? &srs : nullptr, geometry ? wkbPoint : wkbNone, nullptr);
  OGRFieldDefn id("id", OFTString), created("created", typed ? OFTDateTime : OFTString),
      category("category", OFTString), lon("lon", typed ? OFTReal : OFTString), lat("lat", typed ? OFTReal : OFTString),
      note("note", OFTString);
  for (OGRFieldDefn* f : {&id, &created, &category}) layer->CreateField(f);
  if (!geometry) {
    layer->CreateField(&lon);
    layer->CreateField(&lat);
  }
  layer->CreateField(&note);
  OGRCoordinateTransformation* to_layer = nullptr;
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (geometry && epsg != 4326) to_layer = OGRCreateCoordinateTransformation(&wgs84, &srs);
  for (const IncidentRow& r : rows) {
    OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
    f->SetField("id", r.id.c_str());
    int y = 0, mo = 0, day = 0, h = 0, mi = 0;
    if (!typed) {
      f->SetField("created", r.created.c_str());
    } else if (std::sscanf(r.created.c_str(), "%d-%d-%d %d:%d", &y, &mo, &day, &h, &mi) == 5) {
      f->SetField(f->GetFieldIndex("created"), y, mo, day, h, mi, 0.0f, 0);
    }
    f->SetField("category", r.category.c_str());
    f->SetField("note", r.note.c_str());
    if (!geometry && !typed) {
      f->SetField("lon", r.lon.c_str());
      f->SetField("lat", r.lat.c_str());
    } else if (!geometry && !r.lon.empty()) {
      f->SetField("lon", std::strtod(r.lon.c_str(), nullptr));
      f->SetField("lat", std::strtod(r.lat.c_str(), nullptr));
    } else if (geometry && !r.lon.empty()) {
      double x = std::strtod(r.lon.c_str(), nullptr), yy = std::strtod(r.lat.c_str(), nullptr);
      if (to_layer) to_layer->Transform(1, &x, &yy);
      OGRPoint p(x, yy);
      f->SetGeometry(&p);
    }
    if (layer->CreateFeature(f) != OGRERR_NONE) throw std::runtime_error("cannot write a feature to " + path);
    OGRFeature::DestroyFeature(f);
  }
  OGRCoordinateTransformation::DestroyCT(to_layer);
  GDALClose(ds);
}

}  // namespace riskgrid::testing
