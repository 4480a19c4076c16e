#pragma once
// One command at a time in an output folder: two runs writing the same files would each rename their
// own over the other's, leaving a folder that no single run made. The lock is flock(2) on a hidden file
// in the folder, so the kernel releases it when the process ends, however it ends (kill -9 included):
// a lock is never stale.
#include <string>

namespace riskgrid::io {

/// The name of the lock file inside a locked folder.
inline constexpr const char* kLockFileName = ".riskgrid.lock";

class DirLock {
 public:
  /// Creates `dir` if needed and locks it, then removes the temporaries that killed writers left there
  /// (remove_stale_temporaries). Throws IoError "<dir> is in use by process N (<its command line>)"
  /// when another process holds it, or naming the cause when the folder cannot be made or locked.
  explicit DirLock(const std::string& dir);
  ~DirLock();  ///< releases the lock and removes the lock file
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string path_;
  int fd_ = -1;
};

}  // namespace riskgrid::io
