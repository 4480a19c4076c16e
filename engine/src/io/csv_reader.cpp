#include "riskgrid/engine/io/csv_reader.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

namespace riskgrid::io {

CsvReader::CsvReader(std::istream& in, std::string source, CsvOptions options)
    : in_(in), source_(std::move(source)), options_(options),
      buffer_(std::max<std::size_t>(options.block_bytes, 4)) {  // the BOM check needs 3 bytes
  if (options_.delimiter == options_.quote || options_.delimiter == '\n' ||
      options_.delimiter == '\r')
    throw InputError(fmt::format("{}: the delimiter must differ from the quote and line ends",
                                 source_));
}

bool CsvReader::fill() {
  if (!in_.good()) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  if (in_.bad()) throw IoError(fmt::format("{}: read error", source_));
  pos_ = 0;
  end_ = static_cast<std::size_t>(in_.gcount());
  return end_ > 0;
}

void CsvReader::skip_bom() {
  started_ = true;
  if (pos_ == end_ && !fill()) return;
  static constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};
  if (end_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, kBom, 3) == 0) pos_ += 3;
}

void CsvReader::fail(std::size_t line, const std::string& message) const {
  throw CsvError(fmt::format("{}:{}: {}", source_, line, message), line);
}

void CsvReader::append(CsvRecord& record, std::size_t field, const char* first, const char* last) {
  const auto n = static_cast<std::size_t>(last - first);
  if (n == 0) return;
  record_bytes_ += n;
  if (record_bytes_ > options_.max_record_bytes)
    fail(record.line, fmt::format("record is longer than {} bytes (is a quote left open?)",
                                  options_.max_record_bytes));
  record.fields[field].append(first, n);
}

// Appends the run of ordinary characters at pos_ to the field; stops at a delimiter, a line end or
// the end of the block. Returns the new position.
std::size_t CsvReader::scan_unquoted(CsvRecord& record, std::size_t field) {
  const char* first = buffer_.data() + pos_;
  const char* last = buffer_.data() + end_;
  const char* p = first;
  const char delimiter = options_.delimiter;
  while (p != last && *p != delimiter && *p != '\n' && *p != '\r') ++p;
  append(record, field, first, p);
  return static_cast<std::size_t>(p - buffer_.data());
}

// Appends quoted text up to the next quote (or the end of the block), counting the newlines it holds.
std::size_t CsvReader::scan_quoted(CsvRecord& record, std::size_t field) {
  const char* first = buffer_.data() + pos_;
  const char* last = buffer_.data() + end_;
  const void* hit = std::memchr(first, options_.quote, static_cast<std::size_t>(last - first));
  const char* p = hit ? static_cast<const char*>(hit) : last;
  line_ += static_cast<std::size_t>(std::count(first, p, '\n'));
  append(record, field, first, p);
  return static_cast<std::size_t>(p - buffer_.data());
}

namespace {
void begin_field(CsvRecord& record, std::size_t field) {
  if (record.fields.size() <= field)
    record.fields.emplace_back();
  else
    record.fields[field].clear();
}
}  // namespace

void CsvReader::finish(CsvRecord& record, std::size_t fields) {
  record.fields.resize(fields);
  if (width_ == 0) {
    width_ = fields;
  } else if (!options_.allow_ragged && fields != width_) {
    fail(record.line, fmt::format("expected {} fields (as in the first record), got {}", width_,
                                  fields));
  }
}

// Before a record: drops the LF of a CRLF that ended the last one and skips blank lines. True when
// buffer_[pos_] is a character of a record (starting it if need be).
bool CsvReader::at_record(CsvRecord& record, Cursor& cursor) {
  const char c = buffer_[pos_];
  if (skip_lf_) {
    skip_lf_ = false;
    if (c == '\n') {
      ++pos_;
      return false;
    }
  }
  if (cursor.in_record) return true;
  if (c == '\n' || c == '\r') {  // a blank line
    ++pos_;
    ++line_;
    skip_lf_ = c == '\r';
    return false;
  }
  cursor.in_record = true;
  record.line = line_;
  begin_field(record, 0);
  return true;
}

// Consumes input at pos_ up to the next state change; true when that ended the record.
bool CsvReader::advance(CsvRecord& record, Cursor& cursor) {
  if (cursor.state == State::kFieldStart) {
    if (buffer_[pos_] == options_.quote) {
      ++pos_;
      cursor.state = State::kQuoted;
      return false;
    }
    cursor.state = State::kUnquoted;
  }
  if (cursor.state == State::kQuoted) {
    pos_ = scan_quoted(record, cursor.field);
    if (pos_ < end_) {
      ++pos_;  // the quote: closes the field, or starts a "" escape
      cursor.state = State::kQuoteInQuoted;
    }
    return false;
  }
  if (cursor.state == State::kUnquoted) {
    pos_ = scan_unquoted(record, cursor.field);
    if (pos_ == end_) return false;  // the field goes on in the next block
  }
  const char c = buffer_[pos_++];
  if (cursor.state == State::kQuoteInQuoted && c == options_.quote) {  // "" inside quotes
    append(record, cursor.field, &c, &c + 1);
    cursor.state = State::kQuoted;
  } else if (c == options_.delimiter) {
    begin_field(record, ++cursor.field);
    cursor.state = State::kFieldStart;
  } else if (c == '\n' || c == '\r') {
    ++line_;
    skip_lf_ = c == '\r';
    finish(record, cursor.field + 1);
    return true;
  } else {
    fail(line_, fmt::format("field {}: unexpected character '{}' after a closing quote (a quote "
                            "inside a quoted field is written twice)",
                            cursor.field + 1, c));
  }
  return false;
}

bool CsvReader::next(CsvRecord& record) {
  if (!started_) skip_bom();
  Cursor cursor;
  record_bytes_ = 0;
  while (pos_ < end_ || fill()) {
    if (at_record(record, cursor) && advance(record, cursor)) return true;
  }
  if (!cursor.in_record) return false;
  if (cursor.state == State::kQuoted)
    fail(record.line, fmt::format("field {}: a quote opened on this line is never closed", cursor.field + 1));
  finish(record, cursor.field + 1);
  return true;
}

}  // namespace riskgrid::io
