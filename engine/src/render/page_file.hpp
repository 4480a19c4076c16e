#pragma once
// Writing a finished page to disk, atomically. Private to engine/src/render.
#include <string>

#include "painter.hpp"

namespace riskgrid::render::detail {

/// Finishes `painter` and writes its bytes to `path` through io::AtomicFile, so a failed write
/// leaves nothing behind.
/// @throws InputError when cairo refused a string (text that is not UTF-8, e.g. a unit name);
///         IoError naming `path` when it cannot be written; std::runtime_error when cairo failed
///         otherwise.
void save_page(Painter& painter, const std::string& path);

}  // namespace riskgrid::render::detail
