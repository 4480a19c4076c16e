#pragma once
// Nothing half-written: writers write to a temporary name beside the target and rename it into place
// only when complete. A writer that throws leaves no file behind (the temporary is removed); a process
// killed mid-write leaves only a temporary, which the next run in that folder removes
// (remove_stale_temporaries).
//
// Temporary names are hidden and end in ".tmp": ".<name>.<pid>.<n>.tmp". GIS tools list every file
// with a layer extension in a folder as a layer, so the temporary must not keep the target's
// extension (writers that pick a format by extension choose their driver explicitly instead).
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace riskgrid::io {

class AtomicFile {
 public:
  /// Creates the parent directory of `target` if needed. `what` names the file in messages
  /// ("<target>: cannot write <what>: <cause>").
  explicit AtomicFile(std::string target, std::string what = "the file");
  ~AtomicFile();  ///< removes the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Where to write: a unique temporary path in the target's directory, for libraries that write by
  /// name (HDF5, GDAL). Writers of bytes use write() instead.
  const std::string& temp_path() const { return temp_; }
  const std::string& target() const { return target_; }

  /// Appends `bytes` to the temporary (created on first use). Throws IoError naming the cause
  /// (errno: "No space left on device").
  void write(std::string_view bytes);
  /// Flushes the temporary to the disk (a full disk may only show here) and renames it onto the
  /// target (atomic on POSIX). Throws IoError naming the cause; the temporary is then removed.
  void commit();

  /// Throws IoError "<target>: cannot write <what>: <cause>".
  [[noreturn]] void fail(std::string_view cause) const;

 private:
  void close_descriptor();
  std::string target_;
  std::string what_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Writes `bytes` to `path` all or nothing. Throws IoError "<path>: cannot write <what>: <cause>".
void write_file(const std::string& path, std::string_view bytes, std::string_view what = "the file");

/// Called after each block of a copy with the bytes copied so far (tests stop the process there).
using CopyProgress = std::function<void(std::uint64_t copied)>;

/// Copies `from` to `to` all or nothing (a temporary beside `to`, renamed when complete). Throws
/// IoError naming the file that failed and the cause.
void copy_file(const std::string& from, const std::string& to, std::string_view what = "the file",
               const CopyProgress& progress = {});

/// Whether `name` is an AtomicFile temporary (or a side file SQLite made beside one), and then the
/// id of the process that made it. Also knows the names of older versions ("<name>.<pid>.<n>.tmp",
/// "<name>.<pid>.<n>.tmp.gpkg").
bool is_temporary_name(std::string_view name, long* pid = nullptr);

/// Removes the temporaries (files, and staging folders named like them) directly in `dir` whose process
/// is gone (a writer killed mid-write), and returns how many. Those of live processes are kept: another
/// command may be writing there now; a live process that started after the temporary was last written
/// has only reused the pid, and its temporary goes. A missing folder has none.
std::size_t remove_stale_temporaries(const std::string& dir);

}  // namespace riskgrid::io
