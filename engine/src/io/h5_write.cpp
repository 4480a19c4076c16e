#include "io/h5_write.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <stdexcept>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"

namespace riskgrid::io::h5 {

namespace {

/// Growth step of an in-memory file: few reallocations for a store of millions of rows.
constexpr std::size_t kMemoryIncrement = std::size_t{4} << 20;

/// The bytes of the file `write` fills, built in memory. Every id is closed before it returns, on the
/// error paths too (the handles own them).
std::string file_image(const std::function<void(hid_t file)>& write) {
  static unsigned counter = 0;  // HDF5 tells open files apart by name, even in memory
  const std::string name = fmt::format("riskgrid-in-memory-{}", counter++);
  const PropList access{check(H5Pcreate(H5P_FILE_ACCESS), "set up file")};
  check_status(H5Pset_fapl_core(access.get(), kMemoryIncrement, /*backing_store=*/false), "set up file");
  const PropList creation{check(H5Pcreate(H5P_FILE_CREATE), "set up file")};
  check_status(H5Pset_obj_track_times(creation.get(), false), "set up file");
  File file{check(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, creation.get(), access.get()), "create file")};
  write(file.get());
  // Without the flush the image's superblock still has no end-of-file address: an unreadable file.
  check_status(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush file");
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  if (size < 0) fail("get file image");
  std::string image(static_cast<std::size_t>(size), '\0');
  if (H5Fget_file_image(file.get(), image.data(), image.size()) < 0) fail("get file image");
  file.close("close file");
  return image;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view what,
                           const std::function<void(hid_t file)>& write) {
  std::string image;
  try {
    const QuietErrors quiet;
    image = file_image(write);
  } catch (const Failure& failure) {
    throw IoError(fmt::format("{}: cannot write the {} file: {}", path, what, failure.what()));
  }
  io::write_file(path, image, fmt::format("the {} file", what));
}
namespace {

/// Numeric datasets with at least this many values are chunked and compressed; smaller ones stay
/// contiguous (compression would cost more than it saves).
constexpr hsize_t kCompressFrom = 4096;
/// Target values per chunk (512 KiB of doubles): whole rows of the inner axes, a slab of time bins.
constexpr hsize_t kChunkValues = 65536;
constexpr unsigned kGzipLevel = 4;

std::string name_of(hid_t object) {
  const ssize_t length = H5Iget_name(object, nullptr, 0);
  if (length <= 0) return "?";
  std::string name(static_cast<std::size_t>(length) + 1, '\0');
  H5Iget_name(object, name.data(), name.size());
  name.resize(static_cast<std::size_t>(length));
  return name;
}

PropList object_properties(hid_t property_class, std::string_view what) {
  PropList list{check(H5Pcreate(property_class), what)};
  check_status(H5Pset_obj_track_times(list.get(), false), what);
  return list;
}

/// Fixed chunk shape from the dataset shape alone: the inner axes whole, as many leading rows as
/// fit.
Dims chunk_shape(const Dims& dims) {
  Dims chunk = dims;
  const hsize_t inner = std::accumulate(dims.begin() + 1, dims.end(), hsize_t{1}, std::multiplies<>());
  chunk[0] = std::clamp<hsize_t>(kChunkValues / std::max<hsize_t>(inner, 1), 1, dims[0]);
  return chunk;
}

PropList dataset_properties(const Dims& dims, std::size_t count, std::string_view what) {
  PropList list = object_properties(H5P_DATASET_CREATE, what);
  const bool has_gzip = H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0;
  if (count >= kCompressFrom && has_gzip) {
    const Dims chunk = chunk_shape(dims);
    check_status(H5Pset_chunk(list.get(), static_cast<int>(chunk.size()), chunk.data()), what);
    check_status(H5Pset_shuffle(list.get()), what);
    check_status(H5Pset_deflate(list.get(), kGzipLevel), what);
  }
  return list;
}

void describe(hid_t dataset, const Meta& meta) {
  write_attribute(dataset, "description", meta.description);
  if (!meta.units.empty()) write_attribute(dataset, "units", meta.units);
}

}  // namespace

std::string object_path(hid_t parent, std::string_view name) {
  std::string path = name_of(parent);
  if (path.empty() || path.back() != '/') path += '/';
  return path.append(name);
}

Group create_group(hid_t parent, const std::string& name) {
  const std::string what = fmt::format("create group '{}'", object_path(parent, name));
  const PropList properties = object_properties(H5P_GROUP_CREATE, what);
  return Group{check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, properties.get(), H5P_DEFAULT), what)};
}

void write_attribute_raw(hid_t object, const char* name, hid_t file_type, hid_t memory_type, const void* value) {
  const std::string what = fmt::format("attribute '{}' of '{}'", name, name_of(object));
  const Space space{check(H5Screate(H5S_SCALAR), "create dataspace for " + what)};
  const Attribute attribute{
      check(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), "create " + what)};
  check_status(H5Awrite(attribute.get(), memory_type, value), "write " + what);
}

void write_attribute(hid_t object, const char* name, std::string_view value) {
  const std::string text(value);
  const char* pointer = text.c_str();
  const Type type = utf8_string_type();
  write_attribute_raw(object, name, type.get(), type.get(), &pointer);
}

Dataset write_numbers_raw(hid_t parent, const char* name, hid_t file_type, hid_t memory_type, const void* data,
                          std::size_t count, const Dims& dims, const Meta& meta) {
  const std::string what = fmt::format("dataset '{}'", object_path(parent, name));
  const hsize_t expected = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (dims.empty() || expected != count) {
    throw std::invalid_argument(
        fmt::format("{}: {} values do not fill shape [{}]", what, count, fmt::join(dims, ", ")));
  }
  const Space space{
      check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "create dataspace for " + what)};
  const PropList properties = dataset_properties(dims, count, "set up " + what);
  Dataset dataset{check(H5Dcreate2(parent, name, file_type, space.get(), H5P_DEFAULT, properties.get(), H5P_DEFAULT),
                        "create " + what)};
  if (count > 0) {
    check_status(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + what);
  }
  describe(dataset.get(), meta);
  return dataset;
}

Dataset write_strings(hid_t parent, const char* name, const std::vector<std::string>& values, const Meta& meta) {
  return write_strings(parent, name, values, Dims{values.size()}, meta);
}

Dataset write_strings(hid_t parent, const char* name, const std::vector<std::string>& values, const Dims& dims,
                      const Meta& meta) {
  const std::string what = fmt::format("dataset '{}'", object_path(parent, name));
  const hsize_t expected = std::accumulate(dims.begin(), dims.end(), hsize_t{1}, std::multiplies<>());
  if (dims.empty() || expected != values.size()) {
    throw std::invalid_argument(
        fmt::format("{}: {} strings do not fill shape [{}]", what, values.size(), fmt::join(dims, ", ")));
  }
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values) pointers.push_back(value.c_str());
  const Type type = utf8_string_type();
  const Space space{
      check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "create dataspace for " + what)};
  const PropList properties = object_properties(H5P_DATASET_CREATE, "set up " + what);
  Dataset dataset{check(H5Dcreate2(parent, name, type.get(), space.get(), H5P_DEFAULT, properties.get(), H5P_DEFAULT),
                        "create " + what)};
  if (!values.empty()) {
    check_status(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "write " + what);
  }
  describe(dataset.get(), meta);
  return dataset;
}

void make_scale(hid_t dataset, const char* dimension) {
  check_status(H5DSset_scale(dataset, dimension),
               fmt::format("make '{}' the dimension scale '{}'", name_of(dataset), dimension));
}

void attach_scale(hid_t dataset, const Axis& axis, unsigned index) {
  const std::string what = fmt::format("attach dimension '{}' to axis {} of '{}'", axis.name, index, name_of(dataset));
  check_status(H5DSattach_scale(dataset, axis.scale, index), what);
  check_status(H5DSset_label(dataset, index, axis.name), what);
}

void write_on_axis(hid_t parent, const char* name, const std::vector<std::string>& values, const Axis& axis,
                   const Meta& meta) {
  const Dataset dataset = write_strings(parent, name, values, meta);
  attach_scale(dataset.get(), axis, 0);
}

}  // namespace riskgrid::io::h5
