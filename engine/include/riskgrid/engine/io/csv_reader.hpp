#pragma once
// A streaming RFC 4180 reader, one record at a time, strict: a malformed record is an error. Built on
// CsvSplitter and split_fields (csv_scan.hpp: the one CSV parser of riskgrid, also used by ingest),
// so quoted fields with "" escapes, newlines inside quotes, CRLF/LF/CR line ends, a UTF-8 BOM and any
// one-byte delimiter behave the same everywhere. Memory is bounded by the block size and the longest
// record (CsvOptions::max_record_bytes), not by the file. Each record keeps its raw text and line.
#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "riskgrid/engine/error.hpp"
#include "riskgrid/engine/io/csv_scan.hpp"

namespace riskgrid::io {

struct CsvOptions {
  char delimiter = ',';
  char quote = '"';
  std::size_t block_bytes = std::size_t{1} << 16;       ///< read size; default 64 KiB
  std::size_t max_record_bytes = std::size_t{1} << 24;  ///< longer records are an error; default 16 MiB
  bool allow_ragged = false;  ///< false: a record whose width differs from the first one is an error
};

/// One record: its fields (quotes removed, "" unescaped), the 1-based line it starts on and its raw
/// text as in the file (without the line end).
struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;
  std::string raw{};

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
  /// Throws CsvError for a quote never closed (or a quoted field longer than max_record_bytes), a
  /// character after a closing quote, or (unless allow_ragged) a record of another width than the
  /// first. After any of these the reader is positioned at the next record (after an open quote: at
  /// the line after the one it opened on), so a caller may report and go on.
  bool next(CsvRecord& record);

  /// Width of the first record read (the header, usually); 0 before it.
  std::size_t width() const { return width_; }
  const std::string& source() const { return splitter_.source(); }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& message) const;

  CsvSplitter splitter_;
  CsvOptions options_;
  CsvChunk chunk_;
  std::size_t index_ = 0;  // next record of chunk_
  CsvFields fields_;
  std::size_t width_ = 0;
};

}  // namespace riskgrid::io
