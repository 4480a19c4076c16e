#include "json_out.hpp"

#include <fmt/format.h>

#include "riskgrid/engine/io/json_writer.hpp"

#include <cmath>
#include <cstdio>

namespace riskgrid::app {

std::string json_string(std::string_view text) {
  std::string out;
  io::append_json_string(out, text);  // escapes control characters, replaces invalid UTF-8
  return out;
}

std::string json_number(double value) { return std::isfinite(value) ? fmt::format("{}", value) : "null"; }

JsonObject& JsonObject::key(std::string_view key) {
  if (body_.size() > 1) body_ += ", ";
  body_ += json_string(key) + ": ";
  return *this;
}

JsonObject& JsonObject::text(std::string_view key, std::string_view value) {
  this->key(key).body_ += json_string(value);
  return *this;
}

JsonObject& JsonObject::number(std::string_view key, double value) {
  this->key(key).body_ += json_number(value);
  return *this;
}

JsonObject& JsonObject::integer(std::string_view key, std::int64_t value) {
  this->key(key).body_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::texts(std::string_view key, const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const std::string& value : values) quoted.push_back(json_string(value));
  return raw(key, json_array(quoted));
}

JsonObject& JsonObject::raw(std::string_view key, std::string_view json) {
  this->key(key).body_ += json;
  return *this;
}

std::string json_array(const std::vector<std::string>& objects) {
  std::string out = "[";
  for (std::size_t i = 0; i < objects.size(); ++i) out += (i ? ", " : "") + objects[i];
  return out + "]";
}

void print_json(const std::string& json) {
  std::printf("%s\n", json.c_str());
  std::fflush(stdout);
}

}  // namespace riskgrid::app
