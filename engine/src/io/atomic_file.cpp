#include "riskgrid/engine/io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::io {
namespace fs = std::filesystem;

namespace {

std::string unique_temp_name(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  const std::string name = fmt::format(".{}.{}.{}.tmp", target.filename().string(), ::getpid(), counter++);
  return (target.parent_path() / name).string();
}

std::string errno_text(int error) { return std::strerror(error); }

/// Writes all of `bytes` to `fd`, retrying short writes and interruptions; 0 or the errno.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

bool process_is_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;  // EPERM: alive, someone else's
}

// When process `pid` started, in seconds since the epoch (Linux /proc), or nullopt where it cannot be told.
std::optional<double> process_start_time(long pid) {
  std::ifstream stat_file(fmt::format("/proc/{}/stat", pid));
  std::string stat;
  if (!std::getline(stat_file, stat)) return std::nullopt;
  // Field 22 is the start time in clock ticks after boot; the command name (field 2) may hold spaces
  // and parentheses, so count from the last ')'.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int k = 3; k < 22 && fields >> field; ++k) {
  }
  unsigned long long ticks = 0;
  if (!(fields >> ticks)) return std::nullopt;
  std::ifstream boot_file("/proc/stat");
  std::string key;
  double boot = 0;
  while (boot_file >> key)
    if (key == "btime" && boot_file >> boot)
      return boot + static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  return std::nullopt;
}

// Whether the process that named `path` after itself is still writing it. Pids are reused (a shared
// cache outlives many processes): a live process that started after the file was last written is not
// the one that wrote it.
bool writer_is_alive(long pid, const fs::path& path) {
  if (pid == ::getpid()) return true;
  if (!process_is_alive(pid)) return false;
  struct stat info {};
  const std::optional<double> started = process_start_time(pid);
  if (!started || ::stat(path.c_str(), &info) != 0) return true;
  const double written = static_cast<double>(info.st_mtim.tv_sec) + 1e-9 * static_cast<double>(info.st_mtim.tv_nsec);
  return *started <= written + 2.0;  // boot time has one-second resolution
}

}  // namespace

AtomicFile::AtomicFile(std::string target, std::string what) : target_(std::move(target)), what_(std::move(what)) {
  const fs::path parent = fs::path(target_).parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) fail(fmt::format("cannot create directory {}: {}", parent.string(), ec.message()));
  temp_ = unique_temp_name(target_);
}

AtomicFile::~AtomicFile() {
  close_descriptor();
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::close_descriptor() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void AtomicFile::fail(std::string_view cause) const {
  throw IoError(fmt::format("{}: cannot write {}: {}", target_, what_, cause));
}

void AtomicFile::write(std::string_view bytes) {
  if (fd_ < 0) {
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) fail(errno_text(errno));
  }
  if (const int error = write_all(fd_, bytes)) fail(errno_text(error));
}

void AtomicFile::commit() {
  // Data written by others (HDF5, GDAL) by name: open it to flush it to the disk like our own.
  if (fd_ < 0) {
    fd_ = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) fail(errno_text(errno));
  }
  // fsync before rename: a full disk with delayed allocation reports only here, and after a crash
  // the target is either the old file or the whole new one, never an empty one.
  if (::fsync(fd_) != 0 && errno != EINVAL) fail(errno_text(errno));
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0 && errno != EINTR) fail(errno_text(errno));
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw IoError(fmt::format("{}: cannot move {} into place: {}", target_, what_, ec.message()));
  committed_ = true;
}

void write_file(const std::string& path, std::string_view bytes, std::string_view what) {
  AtomicFile file(path, std::string(what));
  file.write(bytes);
  file.commit();
}

void copy_file(const std::string& from, const std::string& to, std::string_view what, const CopyProgress& progress) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw IoError(fmt::format("{}: cannot read {}: {}", from, what, errno_text(errno)));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{in};
  AtomicFile out(to, std::string(what));
  std::vector<char> buffer(std::size_t{1} << 20);
  std::uint64_t copied = 0;
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError(fmt::format("{}: cannot read {}: {}", from, what, errno_text(errno)));
    if (n == 0) break;
    out.write(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    copied += static_cast<std::uint64_t>(n);
    if (progress) progress(copied);
  }
  out.commit();
}

bool is_temporary_name(std::string_view name, long* pid) {
  // .<name>.<pid>.<n>.tmp, and the older <name>.<pid>.<n>.tmp(.gpkg|.geojson); SQLite adds -journal,
  // -wal and -shm beside a GeoPackage.
  static const std::regex kTemp(R"(^\.?.+?\.([0-9]+)(\.[0-9]+)?\.tmp(\.gpkg|\.geojson)?(-journal|-wal|-shm)?$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(name.begin(), name.end(), match, kTemp)) return false;
  if (pid != nullptr) *pid = std::stol(match[1].str());
  return true;
}

std::size_t remove_stale_temporaries(const std::string& dir) {
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return 0;
  std::size_t removed = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    long pid = 0;
    // Folders too: a run stages its outputs in one (run/src/outputs.cpp). Links are never followed.
    const bool candidate = !it->is_symlink(ec) && (it->is_regular_file(ec) || it->is_directory(ec));
    if (!candidate || !is_temporary_name(it->path().filename().string(), &pid)) continue;
    if (writer_is_alive(pid, it->path())) continue;
    std::error_code removed_ec;
    if (fs::remove_all(it->path(), removed_ec) > 0) ++removed;
  }
  return removed;
}

}  // namespace riskgrid::io
