#pragma once
// Checks on a path a user named before anything opens it: a directory, a device, a FIFO or an
// unreadable file is refused with the place that named it, instead of hanging on /dev/zero or a FIFO,
// or failing deep inside a reader with "Is a directory".
#include <string>

namespace riskgrid::io {

enum class IfMissing { error, allowed };

/// Throws IoError "<named_at>: <path> is a directory, not a file" (or a device, a FIFO, a socket, not
/// readable) unless `path` is a readable regular file (links followed). `named_at` is
/// "file:line:column: key" of the text that named the path. A missing path is an error only with
/// IfMissing::error (some files are created when missing, or reported by their reader). Opens nothing.
void check_input_file(const std::string& path, const std::string& named_at, IfMissing missing = IfMissing::allowed);

/// std::filesystem::weakly_canonical without its filesystem_error: a path the system refuses (too long,
/// a loop of links) is an IoError "<named_at>: cannot use the path <excerpt>: <reason>".
std::string canonical_path(const std::string& path, const std::string& named_at);

/// `text` cut to at most `max_bytes` (at a UTF-8 character boundary) with "..." and its length added
/// when cut, for quoting what a file holds in a message without printing the file.
std::string excerpt(const std::string& text, std::size_t max_bytes = 60);

}  // namespace riskgrid::io
