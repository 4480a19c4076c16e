#include "riskgrid/engine/io/dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"

namespace riskgrid::io {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxCommandLine = 200;  // enough to recognise the command

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// "riskgrid run a.yaml --out x" from /proc/<pid>/cmdline (arguments NUL-separated), or "" where the
/// system does not say.
std::string command_line_of(long pid) {
  std::string text = read_all(fmt::format("/proc/{}/cmdline", pid));
  while (!text.empty() && text.back() == '\0') text.pop_back();
  if (text.empty()) return "";
  const std::size_t first_end = std::min(text.find('\0'), text.size());
  const std::string program = fs::path(text.substr(0, first_end)).filename().string();
  text = program + text.substr(first_end);
  for (char& c : text)
    if (c == '\0') c = ' ';
  if (text.size() > kMaxCommandLine) text = text.substr(0, kMaxCommandLine) + "...";
  return text;
}

[[noreturn]] void in_use(const std::string& dir, const std::string& lock_file) {
  const std::string content = read_all(lock_file);
  long pid = 0;
  try {
    pid = std::stol(content);
  } catch (const std::exception&) {
    pid = 0;  // the holder has not written its pid yet
  }
  if (pid <= 0) throw IoError(fmt::format("{} is in use by another riskgrid process ({} is locked)", dir, lock_file));
  const std::string command = command_line_of(pid);
  throw IoError(fmt::format("{} is in use by process {}{}; wait for it to finish or choose another --out", dir, pid,
                            command.empty() ? "" : fmt::format(" ({})", command)));
}

bool same_file(int fd, const std::string& path) {
  struct stat held {
  }, named{};
  return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
         held.st_ino == named.st_ino;
}

}  // namespace

DirLock::DirLock(const std::string& dir) : dir_(dir), path_((fs::path(dir) / kLockFileName).string()) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create directory: {}", dir, ec.message()));
  // The holder removes the file when it ends, so a lock taken on a file that is no longer the one
  // under the name is worthless: try again on the new one.
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) throw IoError(fmt::format("{}: cannot lock the folder: {}", path_, std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      if (error == EWOULDBLOCK) in_use(dir, path_);
      if (error == EINTR) continue;
      throw IoError(fmt::format("{}: cannot lock the folder: {}", path_, std::strerror(error)));
    }
    if (same_file(fd_, path_)) break;
    ::close(fd_);
  }
  // The pid only tells a second process who holds the lock; a full disk that refuses these few bytes
  // does not make the lock less held.
  const std::string pid = fmt::format("{}\n", ::getpid());
  [[maybe_unused]] const bool recorded =
      ::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  remove_stale_temporaries(dir);
}

DirLock::~DirLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // still holding the lock: no one else can be using this name now
  ::close(fd_);
}

}  // namespace riskgrid::io
