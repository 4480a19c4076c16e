#pragma once
// Private to the engine: owners for HDF5 identifiers and the error plumbing shared by the results
// writer and reader. Every HDF5 call goes through check(), which turns a negative return into an
// h5::Failure carrying HDF5's own reason; the public functions turn that into an IoError naming the
// file.
#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace riskgrid::io::h5 {

/// An HDF5 call failed. what() is "<operation>: <HDF5's reason>".
class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws Failure for `operation`, with the reason read from HDF5's current error stack.
[[noreturn]] void fail(std::string_view operation);

/// Returns `id`, or throws Failure naming `operation` when HDF5 reported an error (negative id).
inline hid_t check(hid_t id, std::string_view operation) {
  if (id < 0) fail(operation);
  return id;
}

/// Throws Failure naming `operation` when an herr_t/htri_t status is negative.
inline int check_status(int status, std::string_view operation) {
  if (status < 0) fail(operation);
  return status;
}

/// Owns one HDF5 identifier and closes it with `Close` (H5Fclose, H5Dclose, ...).
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  /// Closes now and reports failure. A file HDF5 failed to close stays open inside HDF5 and crashes its
  /// exit-time cleanup, which is why writers build files in memory (h5::write_file_atomically) where
  /// closing cannot meet a full disk.
  void close(std::string_view operation) {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    if (id >= 0) check_status(Close(id), operation);
  }

 private:
  void reset() noexcept {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Space = Handle<H5Sclose>;
using Type = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropList = Handle<H5Pclose>;
using Object = Handle<H5Oclose>;

/// Turns off HDF5's printing of its error stack to stderr for its lifetime (we report errors
/// ourselves), restoring the previous handler afterwards.
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &handler_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, handler_, data_); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t handler_ = nullptr;
  void* data_ = nullptr;
};

/// A variable-length UTF-8 string type (what h5py writes for `str`).
Type utf8_string_type();

/// File and memory types for the numbers we store; file types are little-endian on every platform.
template <class T>
struct TypeOf;
template <>
struct TypeOf<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};
template <>
struct TypeOf<std::int8_t> {
  static hid_t file() { return H5T_STD_I8LE; }
  static hid_t memory() { return H5T_NATIVE_INT8; }
};
template <>
struct TypeOf<std::uint16_t> {
  static hid_t file() { return H5T_STD_U16LE; }
  static hid_t memory() { return H5T_NATIVE_UINT16; }
};
template <>
struct TypeOf<std::int32_t> {
  static hid_t file() { return H5T_STD_I32LE; }
  static hid_t memory() { return H5T_NATIVE_INT32; }
};
template <>
struct TypeOf<std::int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t memory() { return H5T_NATIVE_INT64; }
};
template <>
struct TypeOf<std::uint32_t> {
  static hid_t file() { return H5T_STD_U32LE; }
  static hid_t memory() { return H5T_NATIVE_UINT32; }
};
template <>
struct TypeOf<std::uint64_t> {
  static hid_t file() { return H5T_STD_U64LE; }
  static hid_t memory() { return H5T_NATIVE_UINT64; }
};

}  // namespace riskgrid::io::h5
