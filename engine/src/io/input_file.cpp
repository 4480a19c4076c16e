#include "riskgrid/engine/io/input_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::io {
namespace fs = std::filesystem;

namespace {

const char* kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::block:
    case fs::file_type::character:
      return "a device";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

}  // namespace

void check_input_file(const std::string& path, const std::string& named_at, IfMissing missing) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);  // follows links: a link to /dev/zero is a device
  if (status.type() == fs::file_type::not_found) {
    if (missing == IfMissing::allowed) return;
    throw IoError(fmt::format("{}: no such file: {}", named_at, path));
  }
  if (error) throw IoError(fmt::format("{}: cannot read {}: {}", named_at, path, error.message()));
  if (status.type() != fs::file_type::regular)
    throw IoError(fmt::format("{}: {} is {}, not a file", named_at, path, kind_of(status.type())));
  if (::access(path.c_str(), R_OK) != 0)
    throw IoError(fmt::format("{}: {} is not readable (permission denied)", named_at, path));
}

std::string canonical_path(const std::string& path, const std::string& named_at) {
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(path, error);
  if (error) throw IoError(fmt::format("{}: cannot use the path {}: {}", named_at, excerpt(path), error.message()));
  return resolved.string();
}

std::string excerpt(const std::string& text, std::size_t max_bytes) {
  std::size_t cut = std::min(max_bytes, text.size());
  // Back up over UTF-8 continuation bytes so the excerpt never ends inside a character.
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out;
  for (const char c : text.substr(0, cut)) {
    if (c == '\n')
      out += "\\n";  // one line per message: a file's lines are not printed as lines
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      out += '?';
    else
      out += c;
  }
  return cut == text.size() ? out : fmt::format("{}... ({} bytes)", out, text.size());
}

}  // namespace riskgrid::io
