#pragma once
// A minimal JSON writer: the HTML report's data block, summary.json and the CLI's --json output.
// Written here rather than taken from a library because the report needs script-safe escaping (below),
// which general JSON libraries do not do, and the engine needs nothing else from one.
// Strings are written so that the JSON can sit inside an HTML <script> element: <, > and & become
// \u003c, \u003e and \u0026, U+2028 and U+2029 become \u2028 and \u2029, control characters are
// \u-escaped, and invalid UTF-8 becomes U+FFFD. Nothing in the output can close the element.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riskgrid::io {

/// Appends `text` as a JSON string literal (with the quotes), escaped as above.
void append_json_string(std::string& out, std::string_view text);

/// Appends a number in a compact form (4 significant digits below 1000, whole numbers above);
/// `null` when it is not finite.
void append_json_number(std::string& out, double value);

/// Writes JSON values in order; commas between members and elements are inserted for you.
class JsonWriter {
 public:
  /// compact: 4 significant digits below 1000, whole numbers above (the report); exact: the shortest
  /// text that reads back to the same double (data files).
  enum class Numbers { compact, exact };
  explicit JsonWriter(Numbers numbers = Numbers::compact) : numbers_(numbers) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The name of the next object member.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& null();
  /// An array of numbers.
  JsonWriter& numbers(const std::vector<double>& values);
  /// An array of strings.
  JsonWriter& strings(const std::vector<std::string>& values);
  /// A member whose value is raw, already valid JSON text written by another writer.
  JsonWriter& raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void separate();

  Numbers numbers_;
  std::string out_;
  std::vector<bool> first_;  ///< per open container: no member written yet
  bool after_key_ = false;
};

}  // namespace riskgrid::io
