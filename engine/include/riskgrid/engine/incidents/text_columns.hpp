#pragma once
// Compact text columns for IncidentTable. A decade of a city's incidents is tens of millions of rows;
// one std::string per row and column cost 32 bytes plus a heap block each (~170 bytes a row for four
// columns), more than the CSV itself. These keep a row's text at a few bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace riskgrid::incidents {

/// Distinct short strings (ids): all rows' text end to end in one buffer, plus a 4-byte end offset
/// a row. Reads like a vector of string_view; a view lives as long as the column is not changed.
class StringColumn {
 public:
  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return {text_.data() + begin, ends_[i] - begin};
  }
  std::string_view front() const { return (*this)[0]; }
  void push_back(std::string_view value) {
    if (text_.size() + value.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("incident ids: more than 4 GiB of id text in one table");
    text_.append(value);
    ends_.push_back(static_cast<std::uint32_t>(text_.size()));
  }
  /// Room for `rows` rows of about `bytes_per_row` characters each.
  void reserve(std::size_t rows, std::size_t bytes_per_row = 0) {
    ends_.reserve(rows);
    text_.reserve(rows * bytes_per_row);
  }
  void clear() {
    text_.clear();
    ends_.clear();
  }
  std::size_t longest() const {
    std::size_t out = 0;
    for (std::size_t i = 0; i < size(); ++i) out = std::max(out, (*this)[i].size());
    return out;
  }
  bool operator==(const StringColumn&) const = default;

 private:
  std::string text_;
  std::vector<std::uint32_t> ends_;
};

/// Few distinct values (source, department, status): a 16-bit code a row into a list of the values,
/// in order of first appearance. Reads like a vector of string_view.
class CodedColumn {
 public:
  std::size_t size() const { return codes_.size(); }
  bool empty() const { return codes_.empty(); }
  std::string_view operator[](std::size_t i) const { return values_[codes_[i]]; }
  std::string_view front() const { return (*this)[0]; }
  void push_back(std::string_view value) { codes_.push_back(code_of(value)); }
  void reserve(std::size_t rows) { codes_.reserve(rows); }
  void clear() {
    codes_.clear();
    values_.clear();
    index_.clear();
  }
  const std::vector<std::string>& values() const { return values_; }
  const std::vector<std::uint16_t>& codes() const { return codes_; }
  /// Equal when every row reads the same (whatever the codes).
  bool operator==(const CodedColumn& other) const {
    if (size() != other.size()) return false;
    for (std::size_t i = 0; i < size(); ++i)
      if ((*this)[i] != other[i]) return false;
    return true;
  }

 private:
  std::uint16_t code_of(std::string_view value) {
    // Rows come in runs of the same value often enough that the last hit saves most lookups.
    if (!codes_.empty() && values_[codes_.back()] == value) return codes_.back();
    if (const auto it = index_.find(value); it != index_.end()) return it->second;
    if (values_.size() > std::numeric_limits<std::uint16_t>::max())
      throw std::length_error(
          "incident table: more than 65,536 distinct values in a source, department "
          "or status column (is a free-text column mapped?)");
    const auto code = static_cast<std::uint16_t>(values_.size());
    values_.emplace_back(value);
    index_.emplace(values_.back(), code);
    return code;
  }

  std::vector<std::uint16_t> codes_;
  std::vector<std::string> values_;
  std::map<std::string, std::uint16_t, std::less<>> index_;
};

}  // namespace riskgrid::incidents
