#include "ingest/append_point.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/ingest/incident_store.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"

namespace riskgrid::ingest {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kFormat = "riskgrid-append-point 1";

/// SHA-256 (hex) of the first `bytes` bytes of `path`; nullopt when shorter or unreadable.
std::optional<std::string> prefix_sha256(const std::string& path, std::uint64_t bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buffer(std::size_t{1} << 20);
  std::uint64_t left = bytes;
  while (left > 0 && in) {
    in.read(buffer.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(left, buffer.size())));
    const auto got = static_cast<std::uint64_t>(in.gcount());
    EVP_DigestUpdate(ctx, buffer.data(), got);
    left -= got;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, digest, &n);
  EVP_MD_CTX_free(ctx);
  if (left > 0) return std::nullopt;
  std::string hex;
  for (unsigned i = 0; i < n; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace

std::string append_point_path(const std::string& dir, const HistorySource& source, const spatial::District& district,
                              const catalog::CategoryCatalog& catalog) {
  const std::string lineage = store_key("any file of this lineage", source, district, catalog);
  return (fs::path(dir) / fmt::format("incidents-{}.append", lineage)).string();
}

std::optional<AppendPoint> read_append_point(const std::string& path) {
  std::ifstream in(path);
  std::string format;
  AppendPoint p;
  if (!in || !std::getline(in, format) || format != kFormat) return std::nullopt;
  if (!(in >> p.key >> p.sha256 >> p.bytes >> p.next_line) || p.bytes == 0 || p.next_line == 0) return std::nullopt;
  return p;
}

void write_append_point(const std::string& path, const AppendPoint& p) {
  io::write_file(path, fmt::format("{}\n{}\n{}\n{}\n{}\n", kFormat, p.key, p.sha256, p.bytes, p.next_line),
                 "the incremental-ingest point");
}

bool extends(const std::string& file, const AppendPoint& point) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec || size <= point.bytes) return false;
  std::ifstream in(file, std::ios::binary);
  char last = 0;
  // The old end must be a line end: an unterminated last row may have been continued by the append.
  if (!in.seekg(static_cast<std::streamoff>(point.bytes - 1)) || !in.get(last) || last != '\n') return false;
  return prefix_sha256(file, point.bytes) == point.sha256;
}

}  // namespace riskgrid::ingest
