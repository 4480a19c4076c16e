#pragma once
// A folder on a full disk, for tests of what a full disk leaves behind: a small tmpfs mounted there
// (CI runs as root) and filled to the last byte by one file. Where mounting is refused (no root),
// mounted() is false and the test skips with why().
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace riskgrid::testing {

class FullDisk {
 public:
  explicit FullDisk(std::filesystem::path dir, std::size_t bytes = std::size_t{1} << 20) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    const std::string options = "size=" + std::to_string(bytes);
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) != 0) {
      why_ = "cannot mount a small tmpfs at " + dir_.string() + " (" + std::strerror(errno) +
             "): the full-disk tests need root, as in CI";
      return;
    }
    mounted_ = true;
  }
  ~FullDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  FullDisk(const FullDisk&) = delete;
  FullDisk& operator=(const FullDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  const std::filesystem::path& dir() const { return dir_; }

  /// Takes every free byte with one hidden file, so the next write of any size fails with ENOSPC.
  void fill() const {
    const int fd = ::open((dir_ / ".filler").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const std::vector<char> block(4096, 'x');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    while (::write(fd, block.data(), 1) > 0) {
    }
    ::close(fd);
  }
  /// Gives the space back.
  void drain() const { std::filesystem::remove(dir_ / ".filler"); }

 private:
  std::filesystem::path dir_;
  std::string why_;
  bool mounted_ = false;
};

}  // namespace riskgrid::testing
