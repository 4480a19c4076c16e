#include "riskgrid/engine/io/csv_scan.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::io {

CsvSplitter::CsvSplitter(std::istream& in, std::string source, CsvDialect dialect, std::size_t chunk_bytes)
    : in_(in),
      source_(std::move(source)),
      dialect_(dialect),
      chunk_bytes_(std::max<std::size_t>(chunk_bytes, 4)) {  // the BOM check needs 3 bytes
  if (dialect_.delimiter == dialect_.quote || dialect_.delimiter == '\n' || dialect_.delimiter == '\r')
    throw InputError(fmt::format("{}: the delimiter must differ from the quote and line ends", source_));
}

// Appends up to chunk_bytes_ from the stream; false at the end of the input.
bool CsvSplitter::read_block(std::string& into) {
  if (eof_) return false;
  const std::size_t old = into.size();
  into.resize(old + chunk_bytes_);
  in_.read(into.data() + old, static_cast<std::streamsize>(chunk_bytes_));
  if (in_.bad()) throw IoError(fmt::format("{}: read error", source_));
  const auto got = static_cast<std::size_t>(in_.gcount());
  into.resize(old + got);
  bytes_read_ += got;
  if (!started_) {
    started_ = true;
    if (into.size() >= 3 && std::memcmp(into.data(), "\xEF\xBB\xBF", 3) == 0) into.erase(0, 3);
  }
  if (got < chunk_bytes_) eof_ = true;
  return got > 0;
}

namespace {
// Whether the physical line starting at `from` ends inside `bytes` (a CR as the last byte does not
// count: its LF may open the next block). The recovery below cuts at that line end, so it must wait
// for it; cutting at the block end instead made the records depend on the block size (fuzz crash
// tests/fuzz/corpus/csv_fuzz/unclosed_quote_long_line).
bool line_end_in(const std::string& bytes, std::size_t from) {
  const std::size_t eol = bytes.find_first_of("\r\n", from);
  return eol != std::string::npos && !(bytes[eol] == '\r' && eol + 1 == bytes.size());
}
}  // namespace

// The record at record_begin_ opened a quote that never closed (within max_record_bytes or before
// the end of the input): its first physical line becomes a malformed record and reading resumes on
// the next line, so one stray quote costs one line, not the rest of the file.
void CsvSplitter::recover_first_line(CsvChunk& chunk, std::size_t& i) {
  const std::string& b = chunk.bytes;
  const std::size_t eol = b.find_first_of("\r\n", record_begin_);
  const std::size_t end = eol == std::string::npos ? b.size() : eol;
  check_line(chunk, record_begin_, end);
  chunk.records.push_back(
      {record_begin_, end, record_line_, static_cast<std::uint8_t>(record_flags_ | kCsvUnclosedQuote)});
  i = end;
  if (eol != std::string::npos) i += (b[eol] == '\r' && eol + 1 < b.size() && b[eol + 1] == '\n') ? 2 : 1;
  record_begin_ = i;
  record_line_ += 1;
  record_flags_ = 0;
  state_ = State::kFieldStart;
}

// A record's first physical line may not run past max_line_bytes: a file without line ends (a binary,
// /dev/zero's bytes, a 300 MB single line) is refused once that much is read, not after reading it all.
// Checked on each record's first line (a line that long is always the first of some record: a quoted
// field longer than max_record_bytes is recovered at its first line end), so the error is the same
// however the input is cut into blocks.
void CsvSplitter::check_line(const CsvChunk& chunk, std::size_t begin, std::size_t end) const {
  const std::size_t limit = std::max(dialect_.max_line_bytes, dialect_.max_record_bytes);
  if (end - begin <= limit) return;
  const std::size_t eol = chunk.bytes.find_first_of("\r\n", begin);
  if (eol != std::string::npos && eol < end && eol - begin <= limit) return;
  throw InputError(
      fmt::format("{}:{}: a line longer than {} bytes (is this a CSV file?)", source_, record_line_, limit));
}

// Scans chunk.bytes from the start (a record start at line_), appending every complete record.
// Returns where the incomplete last record begins (bytes.size() when there is none).
std::size_t CsvSplitter::scan(CsvChunk& chunk, bool at_eof) {
  const char* b = chunk.bytes.data();
  const std::size_t n = chunk.bytes.size();
  const char delimiter = dialect_.delimiter;
  const char quote = dialect_.quote;
  std::size_t i = 0;
  std::uint64_t line = line_;
  auto start_record = [&] {
    record_begin_ = i;
    record_line_ = line;
    record_flags_ = 0;
    state_ = State::kFieldStart;
  };
  start_record();
  for (;;) {
    while (i < n) {
      const char c = b[i];
      if (state_ == State::kQuoted) {
        const void* hit = std::memchr(b + i, quote, n - i);
        const std::size_t q = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - b) : n;
        line += static_cast<std::uint64_t>(std::count(b + i, b + q, '\n'));
        if (q - record_begin_ > dialect_.max_record_bytes) {
          if (!at_eof && !line_end_in(chunk.bytes, record_begin_)) {
            i = n;  // rescanned once the next block brings the line end
            break;
          }
          recover_first_line(chunk, i);
          line = record_line_;
          continue;
        }
        i = q;
        if (q == n) break;
        ++i;
        state_ = State::kQuoteInQuoted;
        continue;
      }
      if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 == n && !at_eof) break;  // its LF may start the next block
        const std::size_t len = (c == '\r' && i + 1 < n && b[i + 1] == '\n') ? 2 : 1;
        if (i != record_begin_) {
          check_line(chunk, record_begin_, i);
          chunk.records.push_back({record_begin_, i, record_line_, record_flags_});
        }
        i += len;
        ++line;
        start_record();
        continue;
      }
      if (c == delimiter) {
        state_ = State::kFieldStart;
      } else if (c == quote && state_ == State::kFieldStart) {
        state_ = State::kQuoted;
      } else if (c == quote && state_ == State::kQuoteInQuoted) {
        state_ = State::kQuoted;  // "" inside quotes
      } else if (state_ == State::kQuoteInQuoted) {
        record_flags_ |= kCsvTextAfterQuote;
        state_ = State::kUnquoted;
      } else if (state_ == State::kFieldStart) {
        state_ = State::kUnquoted;
      }
      ++i;
    }
    if (!at_eof || record_begin_ >= n) break;
    if (state_ == State::kQuoted) {
      recover_first_line(chunk, i);
      line = record_line_;
      continue;
    }
    check_line(chunk, record_begin_, n);
    chunk.records.push_back({record_begin_, n, record_line_, record_flags_});
    record_begin_ = n;
    break;
  }
  return std::min(record_begin_, n);
}

bool CsvSplitter::next(CsvChunk& chunk) {
  chunk.records.clear();
  for (;;) {
    chunk.bytes.swap(carry_);  // the chunk starts with the record the last block cut
    carry_.clear();
    if (!read_block(chunk.bytes) && chunk.bytes.empty()) return false;
    const std::size_t tail = scan(chunk, eof_);
    carry_.assign(chunk.bytes, tail, std::string::npos);
    line_ = record_line_;
    // The record being cut has no line end yet and is already too long: it can only end in the error.
    check_line(chunk, tail, chunk.bytes.size());
    chunk.bytes.resize(tail);
    if (!chunk.records.empty()) return true;
    if (eof_ && carry_.empty()) return false;
  }
}

void split_fields(std::string_view record, const CsvDialect& dialect, CsvFields& out) {
  out.clear();
  const std::size_t n = record.size();
  std::size_t i = 0;
  auto append = [&](std::size_t first, std::size_t last) { out.text_.append(record.data() + first, last - first); };
  auto find = [&](char c, std::size_t from) {
    const std::size_t at = record.find(c, from);
    return at == std::string_view::npos ? n : at;
  };
  for (;;) {
    if (i < n && record[i] == dialect.quote) {
      ++i;
      for (;;) {
        const std::size_t q = find(dialect.quote, i);
        append(i, q);
        if (q == n) {
          i = n;
          break;
        }
        if (q + 1 < n && record[q + 1] == dialect.quote) {
          out.text_.push_back(dialect.quote);
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
    }
    const std::size_t d = find(dialect.delimiter, i);  // text after a closing quote is kept
    append(i, d);
    out.ends_.push_back(out.text_.size());
    if (d >= n) break;
    i = d + 1;
  }
}

namespace {
// Length of the UTF-8 sequence starting at p (0 when invalid); p < end.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  const unsigned c = p[0];
  std::size_t len = 0;
  unsigned min = 0, code = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    code = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    code = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    code = c & 0x07;
    min = 0x10000;
  } else
    return 0;
  if (static_cast<std::size_t>(end - p) < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    code = (code << 6) | (p[k] & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return len;
}
}  // namespace

bool valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // Fast path: eight ASCII bytes at a time.
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p == end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const std::size_t len = utf8_sequence(p, end);
    if (len == 0) return false;
    p += len;
  }
  return true;
}

std::string csv_quote(std::string_view text, char delimiter) {
  if (text.find_first_of(std::string{'"', '\n', '\r', delimiter}) == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace riskgrid::io
