#pragma once
// A thin layer over cairo for the heat-map renderer: owns the surface (a PNG image or an SVG
// document, kept in memory) and context, sets colours from 0xRRGGBB, draws text (optionally with a
// halo) and polygon paths. Private to engine/src/render.
#include <cairo.h>

#include <cstdint>
#include <memory>
#include <string>

#include "riskgrid/engine/geo/geometry.hpp"
#include "riskgrid/engine/render/heatmap.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::render::detail {

/// A family that covers Latin and Chinese, so town names like 长寿路街道 render without tofu.
inline constexpr const char* kFontFamily = "Noto Sans CJK SC";

struct TextStyle {
  double size = 16;  ///< pixels
  bool bold = false;
  std::uint32_t colour = 0x222222;
  double halo = 0;  ///< halo stroke width in pixels; 0 = none
  std::uint32_t halo_colour = 0xffffff;
};

/// Ink extents of a piece of text relative to its origin (cairo's text extents).
struct TextBox {
  double x_bearing = 0;
  double y_bearing = 0;
  double width = 0;
  double height = 0;
  double advance = 0;
};

/// Relative luminance (0 black .. 1 white) of an sRGB colour, to pick readable text on a fill.
double luminance(std::uint32_t rgb);

class Painter {
 public:
  /// A white page of `format`: an ARGB image for PNG, an SVG document of that size in pixels.
  /// Throws std::runtime_error if cairo cannot allocate it.
  Painter(int width_px, int height_px, ImageFormat format = ImageFormat::png);

  cairo_t* cr() const { return cr_.get(); }
  cairo_surface_t* surface() const { return surface_.get(); }

  void set_colour(std::uint32_t rgb, double alpha = 1) const;
  TextBox measure(const std::string& text, const TextStyle& style) const;
  /// Draws with the baseline starting at (x, y).
  void text(double x, double y, const std::string& text, const TextStyle& style) const;
  /// Draws with the ink box centred on (cx, cy); returns the ink box drawn.
  PixelRect text_centred(double cx, double cy, const std::string& text, const TextStyle& style) const;
  /// The largest size not above style.size at which `text` is at most `max_width` wide.
  double fitted_size(const std::string& text, const TextStyle& style, double max_width) const;

  /// Adds `shape` as closed sub-paths (outer rings and holes), to be filled with the even-odd rule.
  void add_shape(const geo::MultiPolygon& shape, const MapTransform& transform) const;
  void rectangle(const PixelRect& r) const;
  void rounded_rectangle(const PixelRect& r, double radius) const;

  ImageFormat format() const { return format_; }
  /// Ends drawing and returns the file's bytes (PNG or SVG). Call once; the page cannot be drawn
  /// on afterwards. Returns cairo's status in `status` so the caller can name the file in errors.
  std::string finish(cairo_status_t& status);

 private:
  void select_font(const TextStyle& style) const;

  struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  };
  struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
  };
  ImageFormat format_;
  // Where the SVG surface streams its document; on the heap so its address survives a move.
  std::unique_ptr<std::string> svg_;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface_;
  std::unique_ptr<cairo_t, ContextDeleter> cr_;
};

}  // namespace riskgrid::render::detail
