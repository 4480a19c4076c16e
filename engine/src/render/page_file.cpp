#include "page_file.hpp"

#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/atomic_file.hpp"

namespace riskgrid::render::detail {

void save_page(Painter& painter, const std::string& path) {
  // cairo stops drawing silently after an error, so a failed page must not reach the disk.
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  const std::string bytes = painter.finish(status);
  if (status != CAIRO_STATUS_SUCCESS) {
    const std::string why = fmt::format("{}: cannot draw the picture: {}", path, cairo_status_to_string(status));
    if (status == CAIRO_STATUS_INVALID_STRING) throw InputError(why + " (in a unit name or title)");
    if (status == CAIRO_STATUS_WRITE_ERROR) throw IoError(why);
    throw std::runtime_error(why);
  }
  io::write_file(path, bytes, "the picture");
}

}  // namespace riskgrid::render::detail
