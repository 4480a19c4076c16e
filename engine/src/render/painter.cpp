#include "painter.hpp"

#include <cairo-svg.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

namespace riskgrid::render::detail {
namespace {

double channel(std::uint32_t rgb, int shift) { return ((rgb >> shift) & 0xffu) / 255.0; }

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t* create_surface(int width_px, int height_px, ImageFormat format, std::string* svg) {
  if (format == ImageFormat::png) {
    return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_px, height_px);
  }
  cairo_surface_t* surface = cairo_svg_surface_create_for_stream(&append, svg, width_px, height_px);
  // Pixels, so the SVG opens at the same size as the PNG of the same page.
  cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
  return surface;
}

double linearised(double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }

}  // namespace

double luminance(std::uint32_t rgb) {
  return 0.2126 * linearised(channel(rgb, 16)) + 0.7152 * linearised(channel(rgb, 8)) +
         0.0722 * linearised(channel(rgb, 0));
}

Painter::Painter(int width_px, int height_px, ImageFormat format)
    : format_(format),
      svg_(std::make_unique<std::string>()),
      surface_(create_surface(width_px, height_px, format, svg_.get())) {
  if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(fmt::format("cannot create a {}x{} image: {}", width_px, height_px,
                                         cairo_status_to_string(cairo_surface_status(surface_.get()))));
  }
  cr_.reset(cairo_create(surface_.get()));
  if (cairo_status(cr_.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(
        fmt::format("cannot draw on the image: {}", cairo_status_to_string(cairo_status(cr_.get()))));
  }
  set_colour(0xffffff);
  cairo_paint(cr());
  cairo_set_line_join(cr(), CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr(), CAIRO_LINE_CAP_ROUND);
}

void Painter::set_colour(std::uint32_t rgb, double alpha) const {
  cairo_set_source_rgba(cr(), channel(rgb, 16), channel(rgb, 8), channel(rgb, 0), alpha);
}

void Painter::select_font(const TextStyle& style) const {
  cairo_select_font_face(cr(), kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr(), style.size);
}

TextBox Painter::measure(const std::string& text, const TextStyle& style) const {
  select_font(style);
  cairo_text_extents_t e;
  cairo_text_extents(cr(), text.c_str(), &e);
  return {e.x_bearing, e.y_bearing, e.width, e.height, e.x_advance};
}

void Painter::text(double x, double y, const std::string& text, const TextStyle& style) const {
  select_font(style);
  cairo_new_path(cr());
  cairo_move_to(cr(), x, y);
  if (style.halo > 0) {
    // Stroke the glyph outlines first so the halo sits under the fill, never over it.
    cairo_text_path(cr(), text.c_str());
    set_colour(style.halo_colour);
    cairo_set_line_width(cr(), style.halo);
    cairo_stroke_preserve(cr());
    set_colour(style.colour);
    cairo_fill(cr());
    return;
  }
  set_colour(style.colour);
  cairo_show_text(cr(), text.c_str());
}

PixelRect Painter::text_centred(double cx, double cy, const std::string& text, const TextStyle& style) const {
  const TextBox box = measure(text, style);
  const double x = cx - box.width / 2;
  const double y = cy - box.height / 2;
  this->text(x - box.x_bearing, y - box.y_bearing, text, style);
  return {x, y, box.width, box.height};
}

double Painter::fitted_size(const std::string& text, const TextStyle& style, double max_width) const {
  const double width = measure(text, style).advance;
  if (width <= max_width || width <= 0) return style.size;
  // Text width is proportional to font size, so one division finds the size (floored for safety).
  return std::max(1.0, std::floor(style.size * max_width / width * 10) / 10);
}

void Painter::add_shape(const geo::MultiPolygon& shape, const MapTransform& transform) const {
  auto add_ring = [this, &transform](const geo::Ring& ring) {
    bool first = true;
    for (const auto& p : ring) {
      const geo::Point px = transform.to_pixel(p);
      if (first) {
        cairo_move_to(cr(), px.x(), px.y());
        first = false;
      } else {
        cairo_line_to(cr(), px.x(), px.y());
      }
    }
    if (!first) cairo_close_path(cr());
  };
  for (const auto& polygon : shape) {
    add_ring(polygon.outer());
    for (const auto& hole : polygon.inners()) add_ring(hole);
  }
}

void Painter::rectangle(const PixelRect& r) const { cairo_rectangle(cr(), r.x, r.y, r.w, r.h); }

void Painter::rounded_rectangle(const PixelRect& r, double radius) const {
  constexpr double kQuarter = std::numbers::pi / 2;
  const double rad = std::min({radius, r.w / 2, r.h / 2});
  cairo_new_sub_path(cr());
  cairo_arc(cr(), r.right() - rad, r.y + rad, rad, -kQuarter, 0);
  cairo_arc(cr(), r.right() - rad, r.bottom() - rad, rad, 0, kQuarter);
  cairo_arc(cr(), r.x + rad, r.bottom() - rad, rad, kQuarter, 2 * kQuarter);
  cairo_arc(cr(), r.x + rad, r.y + rad, rad, 2 * kQuarter, 3 * kQuarter);
  cairo_close_path(cr());
}

std::string Painter::finish(cairo_status_t& status) {
  status = cairo_status(cr());
  if (status != CAIRO_STATUS_SUCCESS) return {};
  cr_.reset();
  if (format_ == ImageFormat::svg) {
    cairo_surface_finish(surface());  // flushes the whole document through append()
    status = cairo_surface_status(surface());
    return std::move(*svg_);
  }
  cairo_surface_flush(surface());
  std::string png;
  status = cairo_surface_write_to_png_stream(surface(), &append, &png);
  return png;
}

}  // namespace riskgrid::render::detail
