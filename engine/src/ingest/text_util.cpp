#include "riskgrid/engine/ingest/text_util.hpp"

#include <charconv>
#include <cmath>

namespace riskgrid::ingest {

std::string_view trim(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

void lower_into(std::string_view text, std::string& out) {
  out.resize(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
  }
}

std::optional<double> parse_number(std::string_view text, char decimal) {
  std::string_view t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty() || t.size() > 64) return std::nullopt;
  const char other = decimal == '.' ? ',' : '.';
  if (t.find(other) != std::string_view::npos) return std::nullopt;
  char buffer[64];
  if (decimal != '.') {  // from_chars knows only '.'
    for (std::size_t i = 0; i < t.size(); ++i) buffer[i] = t[i] == decimal ? '.' : t[i];
    t = std::string_view(buffer, t.size());
  }
  // from_chars: locale-independent and fast; it rejects "inf"/"nan" only as hex/special forms, so
  // non-finite results are refused below.
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view text) {
  const auto v = parse_number(text, '.');
  if (!v || *v != std::floor(*v) || std::fabs(*v) > 1e15) return std::nullopt;
  return static_cast<long long>(*v);
}

}  // namespace riskgrid::ingest
