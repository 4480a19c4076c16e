#pragma once
// A streaming RFC 4180 reader: quoted fields with "" escapes, newlines inside quotes, CRLF or LF (or
// a lone CR) line ends, a UTF-8 byte-order mark skipped, any one-byte delimiter.
//
// Why in-house although DESIGN.md allows libcsv: ingest must report every rejected row with the line
// it starts on (principle 4), and libcsv's callbacks know fields and records but not lines. This
// reader keeps line numbers across quoted newlines, reads the stream in fixed blocks and reuses its
// buffers, so memory is bounded by the longest record (capped by CsvOptions::max_record_bytes), not
// by the file. Being ours, it is to be fuzzed (tests/fuzz, later) and benchmarked against libcsv.
#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::io {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  std::size_t block_bytes = std::size_t{1} << 16;     ///< read size; default 64 KiB
  std::size_t max_record_bytes = std::size_t{1} << 24;  ///< longer records are an error; default 16 MiB
  bool allow_ragged = false;  ///< false: a record whose width differs from the first one is an error
};

/// One record: its fields (quotes removed, "" unescaped) and the 1-based line it starts on.
struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;

  std::size_t size() const { return fields.size(); }
  const std::string& operator[](std::size_t i) const { return fields[i]; }
};

/// A malformed record: "source:line: message". Derives from InputError (exit code: input data).
class CsvError : public InputError {
 public:
  CsvError(const std::string& what, std::size_t line) : InputError(what), line_(line) {}
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

/// Reads records one at a time from a stream. Blank lines (no characters at all) are skipped; a
/// last line without a line end is a record.
class CsvReader {
 public:
  /// `source` names the input in messages (usually the file path). The stream must outlive the reader.
  CsvReader(std::istream& in, std::string source, CsvOptions options = {});

  /// Reads the next record into `record`, reusing its storage; false at the end of the input.
  /// Throws CsvError for a quote left open at the end, a character after a closing quote, a record
  /// over max_record_bytes, or (unless allow_ragged) a record of another width than the first. After
  /// a width error the reader is positioned at the next record, so a caller may report and go on.
  bool next(CsvRecord& record);

  /// Width of the first record read (the header, usually); 0 before it.
  std::size_t width() const { return width_; }
  const std::string& source() const { return source_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  struct Cursor {  // where next() is within the record it reads
    State state = State::kFieldStart;
    std::size_t field = 0;
    bool in_record = false;
  };

  bool fill();
  void skip_bom();
  [[noreturn]] void fail(std::size_t line, const std::string& message) const;
  void append(CsvRecord& record, std::size_t field, const char* first, const char* last);
  std::size_t scan_unquoted(CsvRecord& record, std::size_t field);
  std::size_t scan_quoted(CsvRecord& record, std::size_t field);
  void finish(CsvRecord& record, std::size_t fields);
  bool at_record(CsvRecord& record, Cursor& cursor);
  bool advance(CsvRecord& record, Cursor& cursor);

  std::istream& in_;
  std::string source_;
  CsvOptions options_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t line_ = 1;       // physical line of buffer_[pos_]
  std::size_t record_bytes_ = 0;
  std::size_t width_ = 0;
  bool started_ = false;       // the BOM check has run
  bool skip_lf_ = false;       // the last record ended in CR: a following LF belongs to it
};

}  // namespace riskgrid::io
