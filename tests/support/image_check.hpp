#pragma once
// Reading pictures back in tests: PNG pixels through cairo, the dominant colour of a grid on a
// map, and a small well-formedness check of SVG (XML) text.
#include <cairo.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "riskgrid/engine/geo/geometry.hpp"
#include "riskgrid/engine/render/map_frame.hpp"

namespace riskgrid::testing {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Image = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

inline Image read_png(const std::string& path) { return Image(cairo_image_surface_create_from_png(path.c_str())); }

inline int width_of(const Image& image) { return cairo_image_surface_get_width(image.get()); }
inline int height_of(const Image& image) { return cairo_image_surface_get_height(image.get()); }

/// 0xRRGGBB at (x, y); the pages are opaque, so premultiplication changes nothing.
inline std::uint32_t rgb_at(const Image& image, int x, int y) {
  const unsigned char* data = cairo_image_surface_get_data(image.get());
  const int stride = cairo_image_surface_get_stride(image.get());
  const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
  return row[x] & 0xffffffu;
}

inline int channel(std::uint32_t rgb, int shift) { return static_cast<int>((rgb >> shift) & 0xffu); }

inline bool close_to(std::uint32_t a, std::uint32_t b, int tolerance = 3) {
  for (int shift : {0, 8, 16}) {
    if (std::abs(channel(a, shift) - channel(b, shift)) > tolerance) return false;
  }
  return true;
}

/// Whether a pixel of colour close to `rgb` lies inside `area`.
inline bool has_colour(const Image& image, const render::PixelRect& area, std::uint32_t rgb, int tolerance = 3) {
  for (int y = static_cast<int>(area.y); y < static_cast<int>(area.bottom()); ++y) {
    for (int x = static_cast<int>(area.x); x < static_cast<int>(area.right()); ++x) {
      if (close_to(rgb_at(image, x, y), rgb, tolerance)) return true;
    }
  }
  return false;
}

/// The most common colour of the pixels well inside `shape` (at least `margin` px from its
/// border) drawn through `t`: the grid's fill, whatever labels lie on top of part of it.
/// Returns 0x000000 with `samples` = 0 when the shape is too small to sample.
inline std::uint32_t dominant_colour(const Image& image, const geo::MultiPolygon& shape, const render::MapTransform& t,
                                     int* samples = nullptr, double margin = 3) {
  geo::Box box;
  geo::bg::envelope(shape, box);
  const geo::Point lo = t.to_pixel({box.min_corner().x(), box.max_corner().y()});
  const geo::Point hi = t.to_pixel({box.max_corner().x(), box.min_corner().y()});
  std::map<std::uint32_t, int> counts;
  int n = 0;
  for (int y = static_cast<int>(lo.y()); y <= static_cast<int>(hi.y()); y += 2) {
    for (int x = static_cast<int>(lo.x()); x <= static_cast<int>(hi.x()); x += 2) {
      const geo::Point m = t.to_metric(x + 0.5, y + 0.5);
      if (!geo::bg::covered_by(m, shape)) continue;
      // Keep away from the border, where strokes and antialiasing mix colours.
      bool clear = true;
      for (const auto& [dx, dy] : {std::pair{margin, 0.0}, {-margin, 0.0}, {0.0, margin}, {0.0, -margin}}) {
        clear = clear && geo::bg::covered_by(t.to_metric(x + 0.5 + dx, y + 0.5 + dy), shape);
      }
      if (!clear) continue;
      ++counts[rgb_at(image, x, y)];
      ++n;
    }
  }
  if (samples) *samples = n;
  std::uint32_t best = 0;
  int best_count = 0;
  for (const auto& [rgb, count] : counts) {
    if (count > best_count) best = rgb, best_count = count;
  }
  return best;
}

inline std::string read_text(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

/// Past a comment or declaration starting at `i` (npos when it is not closed); nullopt when none
/// starts there.
inline std::optional<std::size_t> skip_comment_or_declaration(const std::string& xml, std::size_t i) {
  for (const auto& [open, close] : {std::pair{"<!--", "-->"}, {"<?", "?>"}}) {
    if (xml.compare(i, std::string(open).size(), open) != 0) continue;
    const std::size_t end = xml.find(close, i);
    return end == std::string::npos ? end : end + std::string(close).size();
  }
  return std::nullopt;
}

/// A small XML well-formedness check: tags balance and nest, attributes are quoted, text has no
/// raw '<' and every '&' starts an entity. Returns an empty string when well-formed, else why not.
inline std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  bool root_seen = false;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const std::size_t semi = xml.find(';', i);
      if (semi == std::string::npos || semi - i > 10) return "bare & at " + std::to_string(i);
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      if (xml[i] != ' ' && xml[i] != '\n' && xml[i] != '\t' && xml[i] != '\r' && open.empty())
        return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    if (const auto skipped = skip_comment_or_declaration(xml, i)) {
      if (*skipped == std::string::npos) return "unclosed comment or declaration";
      i = *skipped;
      continue;
    }
    // A tag: find its end outside quoted attribute values.
    std::size_t j = i + 1;
    char quote = 0;
    for (; j < xml.size(); ++j) {
      if (quote) {
        if (xml[j] == quote)
          quote = 0;
        else if (xml[j] == '<')
          return "'<' in an attribute at " + std::to_string(j);
      } else if (xml[j] == '"' || xml[j] == '\'') {
        quote = xml[j];
      } else if (xml[j] == '>') {
        break;
      }
    }
    if (j >= xml.size()) return "unclosed tag at " + std::to_string(i);
    const std::string tag = xml.substr(i + 1, j - i - 1);
    if (tag.empty()) return "empty tag at " + std::to_string(i);
    if (tag[0] == '/') {
      const std::string name = tag.substr(1, tag.find_first_of(" \t\n") - 1);
      if (open.empty() || open.back() != name) return "unbalanced </" + name + ">";
      open.pop_back();
    } else if (tag.back() != '/') {
      if (open.empty() && root_seen) return "second root element <" + tag + ">";
      open.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
      root_seen = true;
    } else if (open.empty()) {
      root_seen = true;
    }
    i = j + 1;
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return {};
}

}  // namespace riskgrid::testing
