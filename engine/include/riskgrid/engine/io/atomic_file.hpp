#pragma once
// Nothing half-written: writers write to a temporary name beside the target and rename it into place
// only when complete. A writer that throws leaves no file behind (the temporary is removed).
#include <string>

namespace riskgrid::io {

class AtomicFile {
 public:
  /// Creates the parent directory of `target` if needed.
  explicit AtomicFile(std::string target);
  ~AtomicFile();  ///< removes the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Where to write: a unique temporary path in the target's directory.
  const std::string& temp_path() const { return temp_; }
  const std::string& target() const { return target_; }
  /// Renames the temporary onto the target (atomic on POSIX). Throws IoError on failure.
  void commit();

 private:
  std::string target_;
  std::string temp_;
  bool committed_ = false;
};

}  // namespace riskgrid::io
