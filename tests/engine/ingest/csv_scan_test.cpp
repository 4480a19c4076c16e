#include "riskgrid/engine/io/csv_scan.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "riskgrid/engine/error.hpp"

namespace riskgrid::io {
namespace {

struct Record {
  std::string raw;
  std::uint64_t line;
  int flags;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

std::vector<Record> split_all(const std::string& text, std::size_t chunk_bytes, CsvDialect dialect = {}) {
  std::istringstream in(text);
  CsvSplitter splitter(in, "t.csv", dialect, chunk_bytes);
  CsvChunk chunk;
  CsvFields fields;
  std::vector<Record> out;
  while (splitter.next(chunk)) {
    for (const CsvSpan& span : chunk.records) {
      split_fields(chunk.text(span), dialect, fields);
      Record r{std::string(chunk.text(span)), span.line, span.flags, {}};
      for (std::size_t i = 0; i < fields.size(); ++i) r.fields.emplace_back(fields[i]);
      out.push_back(std::move(r));
    }
  }
  return out;
}

using Fields = std::vector<std::string>;

// Every property below must hold whatever the block size, since records cross block borders.
class CsvSplitterBlocks : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CsvSplitterBlocks, QuotesEscapesEmbeddedNewlinesAndLines) {
  const auto r = split_all("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\nlast,\n", GetParam());
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[1].fields, (Fields{"x, y", "say \"hi\""}));
  EXPECT_EQ(r[2].fields, (Fields{"two\nlines", ""}));
  EXPECT_EQ(r[2].raw, "\"two\nlines\",\"\"");
  EXPECT_EQ(r[3].fields, (Fields{"last", ""}));
  EXPECT_EQ(r[0].line, 1u);
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[2].line, 3u);
  EXPECT_EQ(r[3].line, 5u);
}

TEST_P(CsvSplitterBlocks, BomCrlfLoneCrBlankLinesAndNoFinalLineEnd) {
  const auto r = split_all("\xEF\xBB\xBFh1,h2\r\n1,2\r\n\r\n3,4\r5,6", GetParam());
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].fields, (Fields{"h1", "h2"}));
  EXPECT_EQ(r[1].raw, "1,2");
  EXPECT_EQ(r[2].fields, (Fields{"3", "4"}));
  EXPECT_EQ(r[3].fields, (Fields{"5", "6"}));
  EXPECT_EQ(r[2].line, 4u);
  EXPECT_EQ(r[3].line, 5u);
}

TEST_P(CsvSplitterBlocks, FlagsTextAfterAClosingQuoteAndKeepsIt) {
  const auto r = split_all("a,b\n\"bad\"x,2\nok,3\n", GetParam());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].flags, kCsvTextAfterQuote);
  EXPECT_EQ(r[1].fields, (Fields{"badx", "2"}));
  EXPECT_EQ(r[2].flags, 0);
}

TEST_P(CsvSplitterBlocks, AnUnclosedQuoteCostsOneLineNotTheRestOfTheFile) {
  const auto r = split_all("a,b\n1,\"never closed\n2,x\n3,y\n", GetParam());
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[1].flags, kCsvUnclosedQuote);
  EXPECT_EQ(r[1].raw, "1,\"never closed");
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[2].fields, (Fields{"2", "x"}));
  EXPECT_EQ(r[2].line, 3u);
  EXPECT_EQ(r[3].line, 4u);
}

// Regression (fuzz crash, tests/fuzz/corpus/csv_fuzz/unclosed_quote_long_line): a quote left open
// on a line longer than max_record_bytes used to be cut at the end of the block, not of the line.
TEST_P(CsvSplitterBlocks, AnUnclosedQuoteOnALineLongerThanTheLimitKeepsTheWholeLine) {
  const std::string notes(120, 'n');
  const std::string bad = "2024-03-01 10:00;-75.1;39.9;\"theft " + notes;
  const std::string text = "created;lon;lat;category\r\n" + bad + "\r\n" + "2024-03-02 11:00;-75.2;40.0;assault\r\n";
  CsvDialect dialect{';', '"', 64};
  const auto r = split_all(text, GetParam(), dialect);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].flags, kCsvUnclosedQuote);
  EXPECT_EQ(r[1].raw, bad);
  EXPECT_EQ(r[1].line, 2u);
  EXPECT_EQ(r[2].fields, (Fields{"2024-03-02 11:00", "-75.2", "40.0", "assault"}));
  EXPECT_EQ(r[2].line, 3u);
}

INSTANTIATE_TEST_SUITE_P(Sizes, CsvSplitterBlocks, ::testing::Values(4, 5, 7, 13, 64, 1 << 16));

TEST(CsvSplitter, AQuotedFieldLongerThanTheLimitIsTakenForAnOpenQuote) {
  std::string text = "a,b\n1,\"open\n";
  for (int i = 0; i < 50; ++i) text += "filler line " + std::to_string(i) + "\n";
  CsvDialect dialect;
  dialect.max_record_bytes = 100;
  const auto r = split_all(text, 32, dialect);
  ASSERT_GE(r.size(), 3u);
  EXPECT_EQ(r[1].flags, kCsvUnclosedQuote);
  EXPECT_EQ(r[1].raw, "1,\"open");
  EXPECT_EQ(r[2].raw, "filler line 0");
  EXPECT_EQ(r[2].line, 3u);
  EXPECT_EQ(r.back().line, 52u);
}

TEST(CsvSplitter, OtherDelimitersAndEmptyInput) {
  const auto r = split_all("a;b\n\"1;5\";-75,5\n", 1 << 16, {';', '"'});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].fields, (Fields{"1;5", "-75,5"}));
  EXPECT_TRUE(split_all("", 16).empty());
  EXPECT_TRUE(split_all("\xEF\xBB\xBF", 16).empty());
}

TEST(Utf8, AcceptsUtf8AndRejectsLatin1OverlongsAndSurrogates) {
  EXPECT_TRUE(valid_utf8("plain ascii, long enough for the fast path"));
  EXPECT_TRUE(valid_utf8("Medell\xC3\xADn \xE6\x99\xAE\xE9\x99\x80 \xF0\x9F\x9A\x92"));
  EXPECT_FALSE(valid_utf8("caf\xE9"));           // Latin-1
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_utf8("abcdefgh\xE6\x99"));  // cut short
}

TEST(CsvQuote, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_quote("plain"), "plain");
  EXPECT_EQ(csv_quote("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_quote("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"");
}

// Issue 17: a 300 MB file without a line end was read whole (85 s, 3.6 GB) before being refused. A line
// over max_line_bytes is refused once that much is read, with the same error whatever the block size.
TEST(CsvSplitter, ALineLongerThanTheLineLimitFailsFastWhateverTheBlockSize) {
  CsvDialect dialect;
  dialect.max_record_bytes = 64;
  dialect.max_line_bytes = 256;
  for (const std::string& text : {"a,b\n" + std::string(100'000, 'x'), "a,b\n\"" + std::string(100'000, 'q'),
                                  "a,b\n" + std::string(300, 'y') + "\n1,2\n"}) {
    for (const std::size_t block : {4u, 7u, 64u, 1u << 16}) {
      std::istringstream in(text);
      CsvSplitter splitter(in, "t.csv", dialect, block);
      CsvChunk chunk;
      try {
        while (splitter.next(chunk)) {
        }
        ADD_FAILURE() << "no error, block " << block;
      } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).substr(0, 45), "t.csv:2: a line longer than 256 bytes (is thi") << block;
        // Stopped near the limit, not at the end of the input.
        EXPECT_LE(splitter.bytes_read(), 256 + 2 * std::max<std::size_t>(block, 64) + 16) << block;
      }
    }
  }
}

TEST(CsvSplitter, LinesWithinTheLimitAreUntouched) {
  CsvDialect dialect;
  dialect.max_line_bytes = 256;
  EXPECT_EQ(split_all("a,b\n" + std::string(200, 'x') + ",1\n", 7, dialect).size(), 2u);
}

}  // namespace
}  // namespace riskgrid::io
