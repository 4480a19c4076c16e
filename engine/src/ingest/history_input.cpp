#include "riskgrid/engine/ingest/history_input.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/evp.h>

#include "io/ogr_util.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"
#include "riskgrid/engine/io/sha256.hpp"
#include "riskgrid/engine/io/yaml_fields.hpp"

namespace riskgrid::ingest {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// A GDAL virtual file (/vsigzip/, /vsizip/) as a stream: the CSV reader streams it as it does a file.
class VsiBuffer : public std::streambuf {
 public:
  explicit VsiBuffer(VSILFILE* file) : file_(file), buffer_(std::size_t{1} << 16) {}
  ~VsiBuffer() override { VSIFCloseL(file_); }
  VsiBuffer(const VsiBuffer&) = delete;
  VsiBuffer& operator=(const VsiBuffer&) = delete;

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    const std::size_t n = VSIFReadL(buffer_.data(), 1, buffer_.size(), file_);
    if (n == 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  VSILFILE* file_;
  std::vector<char> buffer_;
};

class VsiStream : public std::istream {
 public:
  explicit VsiStream(VSILFILE* file) : std::istream(nullptr), buffer_(file) { rdbuf(&buffer_); }

 private:
  VsiBuffer buffer_;
};

std::string file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open the history file", path));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buffer(std::size_t{1} << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    EVP_DigestUpdate(ctx, buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  const bool bad = in.bad();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, digest, &n);
  EVP_MD_CTX_free(ctx);
  if (bad) throw IoError(fmt::format("{}: read error", path));
  std::string hex;
  for (unsigned i = 0; i < n; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

/// The CSV inside a .zip: `member:`, or the archive's only .csv/.tsv/.txt.
std::string zip_member(const HistorySource& s) {
  const std::string root = "/vsizip/" + s.path;
  char** names = VSIReadDirRecursive(root.c_str());
  std::vector<std::string> csv, all;
  for (char** n = names; n && *n; ++n) {
    const std::string name = *n;
    if (name.empty() || name.back() == '/') continue;
    all.push_back(name);
    const std::string ext = lower(fs::path(name).extension().string());
    if (ext == ".csv" || ext == ".tsv" || ext == ".txt") csv.push_back(name);
  }
  CSLDestroy(names);
  if (!s.member.empty()) {
    if (std::find(all.begin(), all.end(), s.member) == all.end())
      throw ScenarioError(fmt::format("{}: history.member: '{}' is not in {}{}", s.where, s.member, s.path,
                                      io::did_you_mean(s.member, all)));
    return root + "/" + s.member;
  }
  if (csv.size() != 1)
    throw ScenarioError(fmt::format("{}: {} holds {} CSV files{}: name the one to read with `member:`", s.where, s.path,
                                    csv.size(), csv.empty() ? "" : fmt::format(" ({})", fmt::join(csv, ", "))));
  return root + "/" + csv.front();
}

HistoryInput open_csv(const HistorySource& s) {
  HistoryInput in{s, nullptr, file_sha256(s.path), 0};
  std::error_code ec;
  in.bytes = fs::file_size(s.path, ec);
  const std::string name = lower(s.path);
  std::string vsi;
  std::ifstream probe(s.path, std::ios::binary);
  char magic[4] = {};
  probe.read(magic, 4);
  if (magic[0] == '\x1f' && magic[1] == '\x8b') vsi = "/vsigzip/" + s.path;
  if (magic[0] == 'P' && magic[1] == 'K' && magic[2] == '\x03' && magic[3] == '\x04') vsi = zip_member(s);
  if (vsi.empty()) {
    in.stream = std::make_unique<std::ifstream>(s.path, std::ios::binary);
    if (!*in.stream) throw IoError(fmt::format("{}: cannot open the history file", s.path));
    in.plain_file = true;
    return in;
  }
  VSILFILE* file = VSIFOpenL(vsi.c_str(), "rb");
  if (!file) throw IoError(fmt::format("{}: cannot open {}", s.path, vsi));
  in.bytes *= 5;  // compressed text: a guess of what it holds, only for reserving memory
  in.stream = std::make_unique<VsiStream>(file);
  return in;
}

/// A typed date cell written in the mapping's own time_format, so that the row converter reads it as
/// it reads the text of a CSV export.
std::string format_time(const std::string& format, int y, int mo, int d, int h, int mi, int sec, int tz) {
  std::string zone;
  if (tz == 100) zone = "+0000";
  if (tz > 1 && tz != 100) {
    const int minutes = (tz - 100) * 15;
    zone = fmt::format("{}{:02}{:02}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
  }
  std::string pattern = format;
  if (format == "iso") pattern = "%Y-%m-%d %H:%M:%S" + std::string(zone.empty() ? "" : "%z");
  if (format == "date") pattern = "%Y-%m-%d";
  if (format == "us") pattern = "%m/%d/%Y %H:%M:%S";
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      out += pattern[i];
      continue;
    }
    switch (pattern[++i]) {
      case 'Y':
        out += fmt::format("{:04}", y);
        break;
      case 'm':
        out += fmt::format("{:02}", mo);
        break;
      case 'd':
        out += fmt::format("{:02}", d);
        break;
      case 'H':
        out += fmt::format("{:02}", h);
        break;
      case 'I':
        out += fmt::format("{:02}", h % 12 == 0 ? 12 : h % 12);
        break;
      case 'p':
        out += h < 12 ? "AM" : "PM";
        break;
      case 'M':
        out += fmt::format("{:02}", mi);
        break;
      case 'S':
        out += fmt::format("{:02}", sec);
        break;
      case 'f':
        out += '0';
        break;
      case 'z':
        out += zone.empty() ? "+0000" : zone;
        break;
      default:
        out += pattern[i];
    }
  }
  return out;
}

std::string number(double v, char decimal) {
  std::string s = fmt::format("{}", v);
  if (decimal == ',') std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

/// One cell as the text a CSV export would hold (line ends inside a cell read as spaces, so that the
/// row numbers stay the sheet's).
std::string cell_text(const OGRFeature& f, int i, const HistorySource& s) {
  if (!f.IsFieldSetAndNotNull(i)) return {};
  const OGRFieldType type = f.GetFieldDefnRef(i)->GetType();
  if (type == OFTDate || type == OFTDateTime) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float sec = 0;
    f.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz);
    return format_time(s.time_format, y, mo, d, h, mi, static_cast<int>(sec), tz);
  }
  if (type == OFTReal) return number(f.GetFieldAsDouble(i), s.decimal);
  std::string text = f.GetFieldAsString(i);
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

void append_row(std::string& csv, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) csv += ',';
    csv += io::csv_quote(cells[i]);
  }
  csv += '\n';
}

std::string where_of(const HistorySource& s) { return s.where.empty() ? s.label() : s.where; }

struct Table {
  io::ogr::DatasetPtr dataset;
  OGRLayer* layer = nullptr;
  bool result_set = false;
  Table() = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;
  ~Table() {
    if (result_set) dataset->ReleaseResultSet(layer);
  }
};

void open_table(const HistorySource& s, Table& t) {
  io::ogr::register_drivers();
  io::ogr::QuietErrors quiet;
  const char* driver = "";
  switch (s.format) {
    case HistoryFormat::xlsx:
      driver = "XLSX";
      break;
    case HistoryFormat::ods:
      driver = "ODS";
      break;
    case HistoryFormat::gpkg:
      driver = "GPKG";
      break;
    case HistoryFormat::shapefile:
      driver = "ESRI Shapefile";
      break;
    case HistoryFormat::geojson:
      driver = "GeoJSON";
      break;
    case HistoryFormat::postgresql:
      driver = "PostgreSQL";
      break;
    case HistoryFormat::csv:
      break;
  }
  const char* const drivers[] = {driver, nullptr};
  const bool sheet = s.format == HistoryFormat::xlsx || s.format == HistoryFormat::ods;
  const bool pg = s.format == HistoryFormat::postgresql;
  const std::string name = pg ? "PG:" + s.connection : s.path;
  t.dataset.reset(GDALDataset::Open(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
  if (!t.dataset)
    throw IoError(fmt::format("{}: cannot open {} as {}{}", where_of(s),
                              pg ? fmt::format("the database (connection '{}')", s.connection) : s.path,
                              format_name(s.format), io::ogr::QuietErrors::last()));
  if (!s.sql.empty()) {
    t.layer = t.dataset->ExecuteSQL(s.sql.c_str(), nullptr, nullptr);
    if (!t.layer)
      throw ScenarioError(
          fmt::format("{}: history.sql: the query failed{}", where_of(s), io::ogr::QuietErrors::last()));
    t.result_set = true;
    return;
  }
  if (s.layer.empty()) {
    t.layer = t.dataset->GetLayerCount() > 0 ? t.dataset->GetLayer(0) : nullptr;
    if (!t.layer) throw InputError(fmt::format("{}: {} holds no table", where_of(s), s.label()));
    return;
  }
  t.layer = t.dataset->GetLayerByName(s.layer.c_str());
  if (!t.layer) {
    std::vector<std::string> names;
    for (int i = 0; i < t.dataset->GetLayerCount() && i < 1000; ++i)
      names.emplace_back(t.dataset->GetLayer(i)->GetName());
    throw ScenarioError(fmt::format("{}: history.{}: '{}' is not in {} (it holds {}){}", where_of(s),
                                    sheet ? "sheet"
                                    : pg  ? "table"
                                          : "layer",
                                    s.layer, pg ? "the database" : s.path,
                                    names.empty() ? "nothing" : fmt::format("{}", fmt::join(names, ", ")),
                                    io::did_you_mean(s.layer, names)));
  }
}

/// The whole table as CSV text (header first), and the CRS of its geometry when that is the location.
HistoryInput open_table_as_csv(const HistorySource& s) {
  // A sheet's first row is its header, even when every cell below is text as well (the drivers read
  // these while the layer is in use, so they stay set, for this thread only, until the text is made).
  const CPLConfigOptionSetter xlsx("OGR_XLSX_HEADERS", "FORCE", false);
  const CPLConfigOptionSetter ods("OGR_ODS_HEADERS", "FORCE", false);
  Table t;
  open_table(s, t);
  HistoryInput in{s, nullptr, {}, 0};
  in.source.delimiter = ',';
  OGRFeatureDefn* defn = t.layer->GetLayerDefn();
  std::vector<std::string> cells;
  for (int i = 0; i < defn->GetFieldCount(); ++i) cells.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  if (s.geometry) {
    if (defn->GetGeomFieldCount() == 0)
      throw ScenarioError(
          fmt::format("{}: {} has no geometry to locate the rows by: map lon and lat (or x and y, "
                      "or location) in columns:",
                      where_of(s), s.label()));
    const OGRSpatialReference* srs = t.layer->GetSpatialRef();
    char* wkt = nullptr;
    if (srs && srs->exportToWkt(&wkt) == OGRERR_NONE && wkt) in.source.crs = wkt;
    CPLFree(wkt);
    cells.emplace_back(kGeometryLon);
    cells.emplace_back(kGeometryLat);
  }
  std::string csv;
  append_row(csv, cells);
  t.layer->ResetReading();
  for (const auto& feature : *t.layer) {
    cells.clear();
    for (int i = 0; i < defn->GetFieldCount(); ++i) cells.push_back(cell_text(*feature, i, s));
    if (s.geometry) {
      const OGRGeometry* g = feature->GetGeometryRef();
      if (!g || g->IsEmpty()) {
        cells.insert(cells.end(), 2, std::string());
      } else if (wkbFlatten(g->getGeometryType()) != wkbPoint) {
        cells.insert(cells.end(), 2, fmt::format("not a point ({})", g->getGeometryName()));
      } else {
        const auto* p = g->toPoint();
        cells.push_back(number(p->getX(), s.decimal));
        cells.push_back(number(p->getY(), s.decimal));
      }
    }
    append_row(csv, cells);
  }
  in.sha256 = io::sha256_hex(csv);
  in.bytes = csv.size();
  in.stream = std::make_unique<std::istringstream>(std::move(csv));
  return in;
}

}  // namespace

HistoryInput open_history(const HistorySource& source) {
  return source.format == HistoryFormat::csv ? open_csv(source) : open_table_as_csv(source);
}

}  // namespace riskgrid::ingest
