#include "riskgrid/engine/io/csv_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace riskgrid::io {

CsvReader::CsvReader(std::istream& in, std::string source, CsvOptions options)
    : splitter_(in, std::move(source), {options.delimiter, options.quote, options.max_record_bytes},
                options.block_bytes),
      options_(options) {
  if (options_.delimiter == options_.quote)
    throw InputError(fmt::format("{}: the delimiter must differ from the quote and line ends", splitter_.source()));
}

void CsvReader::fail(std::size_t line, const std::string& message) const {
  throw CsvError(fmt::format("{}:{}: {}", splitter_.source(), line, message), line);
}

namespace {
// The 1-based field in which the last quote left open in `raw` was opened.
std::size_t open_quote_field(std::string_view raw, const CsvOptions& o) {
  std::size_t field = 1, opened = 1;
  bool quoted = false, at_start = true;
  for (const char c : raw) {
    if (quoted) {
      if (c == o.quote) quoted = false;
    } else if (c == o.delimiter) {
      ++field;
      at_start = true;
      continue;
    } else if (c == o.quote && at_start) {
      quoted = true;
      opened = field;
    }
    at_start = false;
  }
  return opened;
}
}  // namespace

bool CsvReader::next(CsvRecord& record) {
  while (index_ == chunk_.records.size()) {
    if (!splitter_.next(chunk_)) return false;
    index_ = 0;
  }
  const CsvSpan& span = chunk_.records[index_++];
  const std::string_view raw = chunk_.text(span);
  record.line = span.line;
  record.raw.assign(raw);
  if (span.flags & kCsvUnclosedQuote)
    fail(span.line, fmt::format("field {}: a quote opened on this line is never closed (or the record is "
                                "longer than {} bytes)",
                                open_quote_field(raw, options_), options_.max_record_bytes));
  if (span.flags & kCsvTextAfterQuote)
    fail(span.line, "unexpected text after a closing quote (a quote inside a quoted field is written twice)");
  split_fields(raw, {options_.delimiter, options_.quote, options_.max_record_bytes}, fields_);
  record.fields.resize(fields_.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) record.fields[i].assign(fields_[i]);
  if (width_ == 0) {
    width_ = fields_.size();
  } else if (!options_.allow_ragged && fields_.size() != width_) {
    fail(span.line, fmt::format("expected {} fields (as in the first record), got {}", width_, fields_.size()));
  }
  return true;
}

}  // namespace riskgrid::io
