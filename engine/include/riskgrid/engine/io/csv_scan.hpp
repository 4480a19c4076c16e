#pragma once
// The fast core of CSV reading (RFC 4180: quoted fields with "" escapes, newlines inside quotes, CRLF,
// LF or a lone CR as line end, a UTF-8 byte-order mark skipped, any one-byte delimiter), in two steps
// so that the second can run in parallel:
//   1. CsvSplitter (sequential) reads the stream in large blocks and cuts them into chunks of whole
//      records: byte ranges with the line each starts on and what was wrong with it, if anything.
//   2. split_fields (any thread) cuts one record into its fields.
// Why in-house rather than a CSV library such as libcsv: ingest must report every rejected row with its line
// and raw text, recover after a malformed record and run the conversion of records in parallel;
// libcsv's callbacks know fields and records but neither lines nor byte ranges.
// Memory is one chunk plus the longest record (bounded by max_record_bytes), not the file.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace riskgrid::io {

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
  /// A record whose quoted field runs on longer than this is taken to be a quote left open: its first
  /// line becomes a malformed record and reading goes on with the next line.
  std::size_t max_record_bytes = std::size_t{1} << 20;
  /// A physical line longer than this is an InputError (the input is no CSV file: a binary, /dev/zero's
  /// bytes, a 300 MB single line), raised once this much of it has been read, not after reading it all.
  std::size_t max_line_bytes = std::size_t{16} << 20;
};

/// What the splitter found wrong with a record (bit flags).
enum CsvFlag : std::uint8_t {
  kCsvTextAfterQuote = 1,  ///< e.g. "abc"x: the x is kept as text
  kCsvUnclosedQuote = 2,   ///< a quote never closed (or closed after max_record_bytes): first line only
};

/// One record: bytes [begin, end) of its chunk, without the line end; `line` is 1-based.
struct CsvSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint64_t line = 0;
  std::uint8_t flags = 0;
};

/// Whole records and the bytes they lie in.
struct CsvChunk {
  std::string bytes;
  std::vector<CsvSpan> records;
  std::string_view text(const CsvSpan& span) const {
    return std::string_view(bytes).substr(span.begin, span.end - span.begin);
  }
};

/// Cuts a stream into chunks of whole records. Blank lines are skipped (they are no records).
class CsvSplitter {
 public:
  /// `chunk_bytes`: about how much to read per chunk. The stream must outlive the splitter.
  CsvSplitter(std::istream& in, std::string source, CsvDialect dialect = {},
              std::size_t chunk_bytes = std::size_t{4} << 20);

  /// Fills `chunk` (reusing its storage) with the next records; false when the input is exhausted.
  /// Throws IoError on a read error.
  bool next(CsvChunk& chunk);

  const std::string& source() const { return source_; }
  std::uint64_t bytes_read() const { return bytes_read_; }
  /// The line the next record starts on (after the last record: one past the file's last line).
  std::uint64_t line() const { return line_; }

  /// Continues a file read before up to a record boundary: the stream is positioned there and `line`
  /// is the line number there; no byte-order mark is looked for (an incremental ingest's new rows).
  void resume_at_line(std::uint64_t line) {
    line_ = line;
    started_ = true;
  }

 private:
  enum class State : std::uint8_t { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  bool read_block(std::string& into);
  std::size_t scan(CsvChunk& chunk, bool at_eof);
  void recover_first_line(CsvChunk& chunk, std::size_t& i);
  void check_line(const CsvChunk& chunk, std::size_t begin, std::size_t end) const;

  std::istream& in_;
  std::string source_;
  CsvDialect dialect_;
  std::size_t chunk_bytes_;
  std::string carry_;       // the start of a record cut by the end of the last block
  std::uint64_t line_ = 1;  // line of carry_'s first byte
  std::uint64_t bytes_read_ = 0;
  bool started_ = false;  // the BOM check has run
  bool eof_ = false;
  bool skip_lf_ = false;  // the last block ended on CR: an LF first in the next belongs to it

  // State of the record being scanned (reset at every record start).
  std::size_t record_begin_ = 0;
  std::uint64_t record_line_ = 0;
  std::uint8_t record_flags_ = 0;
  State state_ = State::kFieldStart;
};

/// The fields of one record, unquoted and unescaped, stored back to back in one buffer so that
/// splitting allocates nothing once warm.
class CsvFields {
 public:
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t first = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(first, ends_[i] - first);
  }
  void clear() {
    text_.clear();
    ends_.clear();
  }

 private:
  friend void split_fields(std::string_view record, const CsvDialect& dialect, CsvFields& out);
  std::string text_;
  std::vector<std::size_t> ends_;
};

/// Splits a record (as cut by CsvSplitter) into its fields. Never fails: text after a closing quote
/// is kept, an unclosed quote runs to the end (the splitter has flagged both).
void split_fields(std::string_view record, const CsvDialect& dialect, CsvFields& out);

/// True when `text` is valid UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool valid_utf8(std::string_view text);

/// `text` as one CSV field: quoted (quotes doubled) when it holds a delimiter, quote or line end.
std::string csv_quote(std::string_view text, char delimiter = ',');

}  // namespace riskgrid::io
