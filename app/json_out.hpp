#pragma once
// The --json summaries on stdout: one JSON object, nothing else on stdout (progress and logs stay on
// stderr), so `riskgrid run ... --json | jq` and scripts read it as it is.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riskgrid::app {

/// `text` as a JSON string literal (io::append_json_string: control characters escaped, invalid UTF-8
/// replaced).
std::string json_string(std::string_view text);
/// The shortest text that reads back to `value`; null for NaN and infinities (JSON has none).
std::string json_number(double value);

/// Builds one JSON object, keys in the order added.
class JsonObject {
 public:
  JsonObject& text(std::string_view key, std::string_view value);
  JsonObject& number(std::string_view key, double value);
  JsonObject& integer(std::string_view key, std::int64_t value);
  JsonObject& texts(std::string_view key, const std::vector<std::string>& values);
  /// `json` must already be valid JSON (an object, array, number ...).
  JsonObject& raw(std::string_view key, std::string_view json);
  std::string str() const { return body_ + "}"; }

 private:
  JsonObject& key(std::string_view key);
  std::string body_ = "{";
};

/// `objects` (each valid JSON) as a JSON array.
std::string json_array(const std::vector<std::string>& objects);

/// Prints `json` and a newline on stdout and flushes.
void print_json(const std::string& json);

}  // namespace riskgrid::app
