#include "riskgrid/engine/io/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::io {
namespace fs = std::filesystem;

namespace {
std::string unique_temp_name(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}.{}.{}.tmp", target.string(), ::getpid(), counter++);
}
}  // namespace

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
  const fs::path parent = fs::path(target_).parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create directory: {}", parent.string(), ec.message()));
  temp_ = unique_temp_name(target_);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw IoError(fmt::format("{}: cannot move into place: {}", target_, ec.message()));
  committed_ = true;
}

}  // namespace riskgrid::io
