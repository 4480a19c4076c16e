#pragma once
// Private to the engine: how riskgrid writes HDF5 objects. Little-endian file types, no
// modification times (identical content gives identical bytes), gzip with fixed chunk shapes for
// large numeric datasets (deterministic), a one-line "description" on every dataset and "units"
// where they apply.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "io/h5_handles.hpp"

namespace riskgrid::io::h5 {

using Dims = std::vector<hsize_t>;

/// Writes an HDF5 file all or nothing: `write(file)` fills a new file that HDF5 keeps in memory (the
/// core driver, no backing store), whose bytes then go to a temporary beside `path`, renamed over
/// `path` once complete. HDF5 itself never writes to the disk: a full disk would make its close fail
/// and leave an id open that its exit-time cleanup then crashes on. An HDF5 failure becomes IoError
/// "<path>: cannot write the <what> file: <reason>", a write failure names errno's cause ("No space
/// left on device"); either way no file is left behind.
void write_file_atomically(const std::string& path, std::string_view what,
                           const std::function<void(hid_t file)>& write);

/// What a dataset says about itself.
struct Meta {
  std::string_view description;  ///< one line
  std::string_view units = {};   ///< empty: no "units" attribute
};

/// A named dimension: the dataset that is its scale, the name and the length.
struct Axis {
  hid_t scale = H5I_INVALID_HID;
  const char* name = "";
  std::size_t size = 0;
};

/// The absolute HDF5 path of `name` below `parent`, for messages.
std::string object_path(hid_t parent, std::string_view name);

/// Creates a group that records no modification times.
Group create_group(hid_t parent, const std::string& name);

/// Writes a scalar attribute of HDF5 type `file_type` from one value of `memory_type` at `value`.
void write_attribute_raw(hid_t object, const char* name, hid_t file_type, hid_t memory_type, const void* value);
/// Writes a scalar variable-length UTF-8 string attribute (any length: the text lives in the heap).
void write_attribute(hid_t object, const char* name, std::string_view value);

template <class T>
requires std::is_arithmetic_v<T>
void write_attribute(hid_t object, const char* name, T value) {
  write_attribute_raw(object, name, TypeOf<T>::file(), TypeOf<T>::memory(), &value);
}

/// Writes `count` numbers at `data` as dataset `name` of shape `dims` (product must equal count).
Dataset write_numbers_raw(hid_t parent, const char* name, hid_t file_type, hid_t memory_type, const void* data,
                          std::size_t count, const Dims& dims, const Meta& meta);

template <class T>
Dataset write_dataset(hid_t parent, const char* name, const std::vector<T>& values, const Dims& dims,
                      const Meta& meta) {
  return write_numbers_raw(parent, name, TypeOf<T>::file(), TypeOf<T>::memory(), values.data(), values.size(), dims,
                           meta);
}

/// Writes a 1-D dataset of variable-length UTF-8 strings.
Dataset write_strings(hid_t parent, const char* name, const std::vector<std::string>& values, const Meta& meta);
/// Writes strings of shape `dims` (row-major; the product must equal values.size()).
Dataset write_strings(hid_t parent, const char* name, const std::vector<std::string>& values, const Dims& dims,
                      const Meta& meta);

/// Makes `dataset` the dimension scale called `dimension`.
void make_scale(hid_t dataset, const char* dimension);
/// Attaches `axis.scale` to dimension `index` of `dataset` and labels that dimension `axis.name`.
void attach_scale(hid_t dataset, const Axis& axis, unsigned index);

/// Writes a dataset whose shape is given by `axes` and attaches their scales.
template <class T>
void write_on_axes(hid_t parent, const char* name, const std::vector<T>& values, std::initializer_list<Axis> axes,
                   const Meta& meta) {
  Dims dims;
  for (const Axis& axis : axes) dims.push_back(axis.size);
  const Dataset dataset = write_dataset(parent, name, values, dims, meta);
  unsigned index = 0;
  for (const Axis& axis : axes) attach_scale(dataset.get(), axis, index++);
}

/// Writes 1-D strings on `axis` and attaches its scale.
void write_on_axis(hid_t parent, const char* name, const std::vector<std::string>& values, const Axis& axis,
                   const Meta& meta);

}  // namespace riskgrid::io::h5
