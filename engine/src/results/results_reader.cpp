#include "riskgrid/engine/results/results_reader.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <cstring>
#include <functional>
#include <numeric>

#include "io/h5_handles.hpp"
#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/results/results_h5.hpp"

namespace riskgrid::results {
namespace h5 = io::h5;
namespace {

/// Runs `body` with HDF5's error printing off; HDF5 failures become IoError naming the file.
template <class Body>
auto guarded(const std::string& path, Body&& body) {
  const h5::QuietErrors quiet;
  try {
    return body();
  } catch (const h5::Failure& failure) {
    throw IoError(fmt::format("{}: {}", path, failure.what()));
  }
}

std::vector<std::size_t> dims_of(hid_t space, std::string_view what) {
  const int rank = h5::check_status(H5Sget_simple_extent_ndims(space), what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  h5::check_status(H5Sget_simple_extent_dims(space, dims.data(), nullptr), what);
  return {dims.begin(), dims.end()};
}

std::size_t count_of(const std::vector<std::size_t>& dims) {
  return std::accumulate(dims.begin(), dims.end(), std::size_t{1}, std::multiplies<>());
}

void require_class(hid_t type, bool numeric, std::string_view what) {
  const H5T_class_t type_class = H5Tget_class(type);
  const bool ok = numeric ? (type_class == H5T_INTEGER || type_class == H5T_FLOAT) : type_class == H5T_STRING;
  if (!ok) throw h5::Failure(fmt::format("{}: not {}", what, numeric ? "numeric" : "a string"));
}

void reclaim(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
  H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

/// Reads `count` strings of the file type `file_type` with `read(memory_type, buffer)`.
template <class Read>
std::vector<std::string> read_string_values(hid_t file_type, hid_t space, std::size_t count, std::string_view what,
                                            Read read) {
  const h5::Type memory{h5::check(H5Tcopy(file_type), what)};
  std::vector<std::string> out;
  out.reserve(count);
  if (h5::check_status(H5Tis_variable_str(file_type), what) > 0) {
    std::vector<char*> pointers(count, nullptr);
    h5::check_status(read(memory.get(), static_cast<void*>(pointers.data())), what);
    for (const char* p : pointers) out.emplace_back(p != nullptr ? p : "");
    reclaim(memory.get(), space, pointers.data());
    return out;
  }
  const std::size_t width = H5Tget_size(file_type);
  std::vector<char> buffer(width * count + 1, '\0');
  h5::check_status(read(memory.get(), static_cast<void*>(buffer.data())), what);
  for (std::size_t i = 0; i < count; ++i) {
    const char* start = buffer.data() + i * width;
    out.emplace_back(start, strnlen(start, width));
  }
  return out;
}

}  // namespace

struct ResultsReader::Impl {
  std::string path;
  h5::File file;
  int version = 0;

  h5::Dataset open_dataset(const std::string& dataset) const {
    return h5::Dataset{
        h5::check(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), fmt::format("open dataset '{}'", dataset))};
  }
  h5::Attribute open_attribute(const std::string& object, const std::string& name) const {
    return h5::Attribute{h5::check(H5Aopen_by_name(file.get(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                                   fmt::format("open attribute '{}' of '{}'", name, object))};
  }
};

ResultsReader::ResultsReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  guarded(path, [&] { impl_->file = h5::File{h5::check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open")}; });
  const bool tagged = guarded(path, [&] {
    return h5::check_status(H5Aexists_by_name(impl_->file.get(), "/", "format", H5P_DEFAULT),
                            "look for the format attribute") > 0;
  });
  if (!tagged || string_attribute("/", "format") != "riskgrid-results") {
    throw IoError(fmt::format("{}: not a riskgrid results file (no format \"riskgrid-results\")", path));
  }
  impl_->version = static_cast<int>(number_attribute<std::int64_t>("/", "format_version"));
  if (impl_->version < kResultsFormatVersion) {
    throw IoError(
        fmt::format("{}: results format version {} was written by an older riskgrid (a rank-based risk "
                    "index, not each grid against its normal); rerun the scenario to get version {}",
                    path, impl_->version, kResultsFormatVersion));
  }
  if (impl_->version > kResultsFormatVersion) {
    throw IoError(fmt::format("{}: results format version {} is newer than this riskgrid reads ({})", path,
                              impl_->version, kResultsFormatVersion));
  }
}

ResultsReader::~ResultsReader() = default;
ResultsReader::ResultsReader(ResultsReader&&) noexcept = default;
ResultsReader& ResultsReader::operator=(ResultsReader&&) noexcept = default;

const std::string& ResultsReader::path() const { return impl_->path; }
int ResultsReader::format_version() const { return impl_->version; }

template <class T>
Array<T> ResultsReader::read(const std::string& dataset) const {
  return guarded(impl_->path, [&] {
    const std::string what = fmt::format("read dataset '{}'", dataset);
    const h5::Dataset data = impl_->open_dataset(dataset);
    const h5::Type type{h5::check(H5Dget_type(data.get()), what)};
    require_class(type.get(), /*numeric=*/true, what);
    const h5::Space space{h5::check(H5Dget_space(data.get()), what)};
    Array<T> out;
    out.dims = dims_of(space.get(), what);
    out.values.resize(count_of(out.dims));
    if (!out.values.empty()) {
      h5::check_status(H5Dread(data.get(), h5::TypeOf<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()),
                       what);
    }
    return out;
  });
}

template Array<double> ResultsReader::read<double>(const std::string&) const;
template Array<std::int8_t> ResultsReader::read<std::int8_t>(const std::string&) const;
template Array<std::int32_t> ResultsReader::read<std::int32_t>(const std::string&) const;
template Array<std::int64_t> ResultsReader::read<std::int64_t>(const std::string&) const;
template Array<std::uint32_t> ResultsReader::read<std::uint32_t>(const std::string&) const;

std::vector<std::string> ResultsReader::read_strings(const std::string& dataset) const {
  return guarded(impl_->path, [&] {
    const std::string what = fmt::format("read dataset '{}'", dataset);
    const h5::Dataset data = impl_->open_dataset(dataset);
    const h5::Type type{h5::check(H5Dget_type(data.get()), what)};
    require_class(type.get(), /*numeric=*/false, what);
    const h5::Space space{h5::check(H5Dget_space(data.get()), what)};
    const std::size_t count = count_of(dims_of(space.get(), what));
    if (count == 0) return std::vector<std::string>{};
    return read_string_values(type.get(), space.get(), count, what, [&](hid_t memory, void* buffer) {
      return H5Dread(data.get(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    });
  });
}

std::string ResultsReader::string_attribute(const std::string& object, const std::string& name) const {
  return guarded(impl_->path, [&] {
    const std::string what = fmt::format("read attribute '{}' of '{}'", name, object);
    const h5::Attribute attribute = impl_->open_attribute(object, name);
    const h5::Type type{h5::check(H5Aget_type(attribute.get()), what)};
    require_class(type.get(), /*numeric=*/false, what);
    const h5::Space space{h5::check(H5Aget_space(attribute.get()), what)};
    const auto values = read_string_values(type.get(), space.get(), 1, what, [&](hid_t memory, void* buffer) {
      return H5Aread(attribute.get(), memory, buffer);
    });
    return values.front();
  });
}

template <class T>
T ResultsReader::number_attribute(const std::string& object, const std::string& name) const {
  return guarded(impl_->path, [&] {
    const std::string what = fmt::format("read attribute '{}' of '{}'", name, object);
    const h5::Attribute attribute = impl_->open_attribute(object, name);
    const h5::Type type{h5::check(H5Aget_type(attribute.get()), what)};
    require_class(type.get(), /*numeric=*/true, what);
    T value{};
    h5::check_status(H5Aread(attribute.get(), h5::TypeOf<T>::memory(), &value), what);
    return value;
  });
}

template double ResultsReader::number_attribute<double>(const std::string&, const std::string&) const;
template std::int64_t ResultsReader::number_attribute<std::int64_t>(const std::string&, const std::string&) const;
template std::uint64_t ResultsReader::number_attribute<std::uint64_t>(const std::string&, const std::string&) const;

bool ResultsReader::exists(const std::string& path) const {
  return guarded(impl_->path,
                 [&] { return H5LTpath_valid(impl_->file.get(), path.c_str(), /*check_object_valid=*/true) > 0; });
}

std::vector<std::string> ResultsReader::members(const std::string& group) const {
  return guarded(impl_->path, [&] {
    const std::string what = fmt::format("list group '{}'", group);
    const h5::Group g{h5::check(H5Gopen2(impl_->file.get(), group.c_str(), H5P_DEFAULT), what)};
    H5G_info_t info{};
    h5::check_status(H5Gget_info(g.get(), &info), what);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      const ssize_t length =
          h5::check(H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT), what);
      std::string name(static_cast<std::size_t>(length) + 1, '\0');
      H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
      name.resize(static_cast<std::size_t>(length));
      names.push_back(std::move(name));
    }
    return names;
  });
}

}  // namespace riskgrid::results
