#include "riskgrid/engine/ingest/incident_store.hpp"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "io/h5_handles.hpp"
#include "io/h5_write.hpp"
#include "ingest/summary_h5.hpp"
#include "riskgrid/engine/error.hpp"

namespace riskgrid::ingest {
namespace fs = std::filesystem;

namespace {

class Hasher {  // incremental SHA-256 (OpenSSL EVP)
 public:
  Hasher() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Hasher() { EVP_MD_CTX_free(ctx_); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void add(const void* data, std::size_t n) { EVP_DigestUpdate(ctx_, data, n); }
  void add(const std::string& s) {
    const std::uint64_t n = s.size();  // length first: no two lists of strings hash alike
    add(&n, sizeof n);
    add(s.data(), s.size());
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_, digest, &n);
    std::string out;
    for (unsigned i = 0; i < n; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

template <class T>
std::vector<T> read_numbers(hid_t file, const char* name, std::size_t expected) {
  const std::string what = fmt::format("read dataset '{}'", name);
  const io::h5::Dataset data{io::h5::check(H5Dopen2(file, name, H5P_DEFAULT), what)};
  const io::h5::Space space{io::h5::check(H5Dget_space(data.get()), what)};
  if (static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())) != expected)
    throw io::h5::Failure(fmt::format("dataset '{}': expected {} values", name, expected));
  std::vector<T> values(expected);
  if (expected > 0)
    io::h5::check_status(H5Dread(data.get(), io::h5::TypeOf<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                         what);
  return values;
}

io::h5::Type fixed_string_type(std::size_t length) {
  io::h5::Type type{io::h5::check(H5Tcopy(H5T_C_S1), "copy string type")};
  io::h5::check_status(H5Tset_size(type.get(), length), "size string type");
  io::h5::check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set string type to UTF-8");
  io::h5::check_status(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "pad string type");
  return type;
}

// Fixed-length (null-padded) UTF-8 strings: millions of short ids write and read an order of magnitude
// faster than variable-length ones (which go through HDF5's global heap one by one); h5py reads
// both with .asstr(). Chunked and gzip-compressed, so the padding costs little on disk.
template <class Column>  // std::vector<std::string> or an incidents:: text column
void write_fixed_strings(hid_t parent, const char* name, const Column& values, std::string_view description) {
  const std::string what = fmt::format("dataset '{}'", name);
  std::size_t length = 1;
  for (std::size_t i = 0; i < values.size(); ++i) length = std::max(length, std::string_view(values[i]).size());
  std::vector<char> buffer(values.size() * length, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string_view v = values[i];
    std::copy(v.begin(), v.end(), &buffer[i * length]);
  }
  const io::h5::Type type = fixed_string_type(length);
  const hsize_t n = values.size();
  const io::h5::Space space{io::h5::check(H5Screate_simple(1, &n, nullptr), what)};
  const io::h5::PropList properties{io::h5::check(H5Pcreate(H5P_DATASET_CREATE), what)};
  io::h5::check_status(H5Pset_obj_track_times(properties.get(), false), what);
  if (n > 0) {
    const hsize_t chunk = std::min<hsize_t>(n, std::max<hsize_t>(1, (std::size_t{1} << 20) / length));
    io::h5::check_status(H5Pset_chunk(properties.get(), 1, &chunk), what);
    io::h5::check_status(H5Pset_deflate(properties.get(), 1), what);
  }
  const io::h5::Dataset data{io::h5::check(
      H5Dcreate2(parent, name, type.get(), space.get(), H5P_DEFAULT, properties.get(), H5P_DEFAULT), what)};
  if (n > 0) io::h5::check_status(H5Dwrite(data.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  io::h5::write_attribute(data.get(), "description", description);
}

// `rows` empty strings, without a column of them in memory.
struct BlankColumn {
  std::size_t rows;
  std::size_t size() const { return rows; }
  std::string_view operator[](std::size_t) const { return {}; }
};

// An unmapped column (empty in memory) is written as empty strings, one per row, as documented.
void write_coded(hid_t parent, const char* name, const incidents::CodedColumn& values, std::size_t rows,
                 std::string_view description) {
  if (values.empty())
    write_fixed_strings(parent, name, BlankColumn{rows}, description);
  else
    write_fixed_strings(parent, name, values, description);
}

template <class Column>  // an incidents:: text column
Column read_strings(hid_t file, const char* name, std::size_t expected) {
  const std::string what = fmt::format("read dataset '{}'", name);
  const io::h5::Dataset data{io::h5::check(H5Dopen2(file, name, H5P_DEFAULT), what)};
  const io::h5::Space space{io::h5::check(H5Dget_space(data.get()), what)};
  if (static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())) != expected)
    throw io::h5::Failure(fmt::format("dataset '{}': expected {} values", name, expected));
  Column out;
  if (expected == 0) return out;
  out.reserve(expected);
  const io::h5::Type stored{io::h5::check(H5Dget_type(data.get()), what)};
  if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) != 0)
    throw io::h5::Failure(fmt::format("dataset '{}': not fixed-length strings", name));
  const std::size_t length = H5Tget_size(stored.get());
  const io::h5::Type type = fixed_string_type(length);
  std::vector<char> buffer(expected * length);
  io::h5::check_status(H5Dread(data.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), what);
  for (std::size_t i = 0; i < expected; ++i) {
    const char* first = &buffer[i * length];
    out.push_back(std::string_view(first, static_cast<std::size_t>(std::find(first, first + length, '\0') - first)));
  }
  return out;
}

template <class T>
T read_attribute(hid_t object, const char* name) {
  const io::h5::Attribute a{io::h5::check(H5Aopen(object, name, H5P_DEFAULT), name)};
  T value{};
  io::h5::check_status(H5Aread(a.get(), io::h5::TypeOf<T>::memory(), &value), name);
  return value;
}

std::string read_text_attribute(hid_t object, const char* name) {
  const io::h5::Attribute a{io::h5::check(H5Aopen(object, name, H5P_DEFAULT), name)};
  const io::h5::Type type = io::h5::utf8_string_type();
  char* value = nullptr;
  io::h5::check_status(H5Aread(a.get(), type.get(), &value), name);
  std::string out = value ? value : "";
  H5free_memory(value);
  return out;
}

}  // namespace

void write_summary_attributes(hid_t object, const IngestSummary& s) {
  io::h5::write_attribute(object, "read", s.read);
  io::h5::write_attribute(object, "accepted", s.accepted);
  for (const QuarantineReason r : kAllReasons) {
    const auto it = s.quarantined.find(r);
    io::h5::write_attribute(object, fmt::format("quarantined_{}", reason_name(r)).c_str(),
                            it == s.quarantined.end() ? std::uint64_t{0} : it->second);
  }
  io::h5::write_attribute(object, "closed_before_created", s.closed_before_created);
  io::h5::write_attribute(object, "source_sha256", s.source_sha256);
  io::h5::write_attribute(object, "source", s.source);
  io::h5::write_attribute(object, "time_resolution", s.time_resolution);
}

std::string store_key(const std::string& csv_sha256, const HistorySource& source, const spatial::District& district,
                      const catalog::CategoryCatalog& catalog) {
  Hasher h;
  h.add(fmt::format("riskgrid incident store {}", kStoreFormatVersion));
  h.add(csv_sha256);
  h.add(source.text);
  h.add(std::to_string(source.utc_offset_seconds));
  h.add(fmt::format("{:.17g} {:.17g}", district.projection.lon0(), district.projection.lat0()));
  for (const spatial::Unit& unit : district.grids) {
    h.add(unit.id);
    for (const geo::Polygon& polygon : unit.shape) {
      const auto add_ring = [&](const geo::Ring& ring) {
        const std::uint64_t n = ring.size();
        h.add(&n, sizeof n);
        for (const geo::Point& p : ring) {
          const double xy[2] = {p.x(), p.y()};
          h.add(xy, sizeof xy);
        }
      };
      add_ring(polygon.outer());
      for (const geo::Ring& hole : polygon.inners()) add_ring(hole);
    }
  }
  for (const catalog::Category& c : catalog.categories) h.add(c.id);
  return h.hex();
}

std::string store_path(const std::string& dir, const std::string& key) {
  return (fs::path(dir) / fmt::format("incidents-{}.h5", key)).string();
}

void write_incident_store(const std::string& path, const IngestResult& result, const spatial::District& district,
                          const catalog::CategoryCatalog& catalog) {
  namespace h5 = io::h5;
  h5::write_file_atomically(path, "incident store", [&](hid_t f) {
    const auto& t = result.table;
    const h5::Dims n{t.size()};
    h5::write_attribute(f, "format", std::string_view("riskgrid-incidents"));
    h5::write_attribute(f, "format_version", std::int64_t{kStoreFormatVersion});
    h5::write_attribute(f, "key", std::string_view(result.key));
    write_summary_attributes(f, result.summary);
    h5::write_dataset(f, "created", t.created, n,
                      {"creation time, seconds since 1970-01-01 00:00 of local civil time", "s"});
    h5::write_dataset(f, "closed", t.closed, n, {"closing time like created; -1 while open", "s"});
    h5::write_dataset(f, "category", t.category, n, {"index into categories"});
    h5::write_dataset(f, "unit", t.grid, n, {"index into units"});
    h5::write_dataset(f, "lon", t.lon, n, {"longitude, WGS84", "degree"});
    h5::write_dataset(f, "lat", t.lat, n, {"latitude, WGS84", "degree"});
    write_fixed_strings(f, "id", t.id, "the incident's id (the line number when the source has none)");
    // Unmapped source/department: empty strings on disk (one per row, as documented), none in memory.
    h5::write_attribute(f, "has_source", std::uint64_t{!t.source.empty()});
    h5::write_attribute(f, "has_department", std::uint64_t{!t.department.empty()});
    write_coded(f, "source", t.source, t.size(), "the source column as written (empty when not mapped)");
    write_coded(f, "department", t.department, t.size(), "the department column as written (empty when not mapped)");
    std::vector<std::string> categories, units;
    for (const auto& c : catalog.categories) categories.push_back(c.id);
    for (const auto& u : district.grids) units.push_back(u.id);
    h5::write_strings(f, "categories", categories, {"catalog ids; category indexes this"});
    h5::write_strings(f, "units", units, {"unit ids; unit indexes this"});
  });
}

std::optional<IngestResult> read_incident_store(const std::string& path, const std::string& key, bool with_table) {
  namespace h5 = io::h5;
  if (!fs::exists(path)) return std::nullopt;
  try {
    const h5::QuietErrors quiet;
    const h5::File file{h5::check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open")};
    const hid_t f = file.get();
    if (read_text_attribute(f, "format") != "riskgrid-incidents" ||
        read_attribute<std::int64_t>(f, "format_version") != kStoreFormatVersion)
      return std::nullopt;
    // The name is only a claim: a store copied or renamed under another key's name would otherwise
    // give another history's incidents.
    if (H5Aexists(f, "key") <= 0 || read_text_attribute(f, "key") != key) return std::nullopt;
    IngestResult r;
    r.key = key;
    IngestSummary& s = r.summary;
    s.read = read_attribute<std::uint64_t>(f, "read");
    s.accepted = read_attribute<std::uint64_t>(f, "accepted");
    for (const QuarantineReason reason : kAllReasons) {
      const auto count = read_attribute<std::uint64_t>(f, fmt::format("quarantined_{}", reason_name(reason)).c_str());
      if (count > 0) s.quarantined[reason] = count;
    }
    s.closed_before_created = read_attribute<std::uint64_t>(f, "closed_before_created");
    s.source_sha256 = read_text_attribute(f, "source_sha256");
    s.source = read_text_attribute(f, "source");
    s.time_resolution = read_text_attribute(f, "time_resolution");  // a store without it is rebuilt
    s.from_cache = true;
    if (!with_table) return r;
    const std::size_t n = s.accepted;
    auto& t = r.table;
    t.created = read_numbers<std::int64_t>(f, "created", n);
    t.closed = read_numbers<std::int64_t>(f, "closed", n);
    t.category = read_numbers<std::uint16_t>(f, "category", n);
    t.grid = read_numbers<std::uint32_t>(f, "unit", n);
    t.lon = read_numbers<double>(f, "lon", n);
    t.lat = read_numbers<double>(f, "lat", n);
    t.id = read_strings<incidents::StringColumn>(f, "id", n);
    using incidents::CodedColumn;
    if (read_attribute<std::uint64_t>(f, "has_source")) t.source = read_strings<CodedColumn>(f, "source", n);
    if (read_attribute<std::uint64_t>(f, "has_department"))
      t.department = read_strings<CodedColumn>(f, "department", n);
    return r;
  } catch (const h5::Failure&) {
    return std::nullopt;  // a broken cache entry is rebuilt
  }
}

}  // namespace riskgrid::ingest
