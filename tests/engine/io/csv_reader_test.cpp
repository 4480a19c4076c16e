#include "riskgrid/engine/io/csv_reader.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace riskgrid::io {
namespace {

struct Read {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
};

Read read_all(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", options);
  Read out;
  CsvRecord r;
  while (reader.next(r)) {
    out.rows.push_back(r.fields);
    out.lines.push_back(r.line);
  }
  return out;
}

using Row = std::vector<std::string>;

TEST(CsvReader, ReadsPlainRecordsWithLineNumbers) {
  const Read r = read_all("a,b,c\n1,2,3\n4,5,6\n");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1], (Row{"1", "2", "3"}));
  EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2, 3}));
}

TEST(CsvReader, UnquotesFieldsAndUnescapesDoubledQuotes) {
  const Read r = read_all("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1], (Row{"x, y", "say \"hi\""}));
  EXPECT_EQ(r.rows[2], (Row{"", "\""}));
}

TEST(CsvReader, KeepsEmbeddedNewlinesAndCountsTheirLines) {
  const Read r = read_all("a,b\n\"two\nlines\",x\n\"three\r\nmore\nlines\",y\nlast,z\n");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1][0], "two\nlines");
  EXPECT_EQ(r.rows[2][0], "three\r\nmore\nlines");
  EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2, 4, 7}));
}

TEST(CsvReader, HandlesCrlfAndLoneCrLineEnds) {
  const Read r = read_all("a,b\r\n1,2\r\n3,4\r5,6");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1], (Row{"1", "2"}));
  EXPECT_EQ(r.rows[3], (Row{"5", "6"}));
  EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2, 3, 4}));
}

TEST(CsvReader, SkipsUtf8ByteOrderMark) {
  const Read r = read_all("\xEF\xBB\xBFid,名称\n1,普陀\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0], (Row{"id", "名称"}));
  EXPECT_EQ(r.rows[1], (Row{"1", "普陀"}));
}

TEST(CsvReader, KeepsEmptyFieldsAndSkipsBlankLines) {
  const Read r = read_all("a,b,c\n,,\n\n1,,\n\r\n,2,\n");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1], (Row{"", "", ""}));
  EXPECT_EQ(r.rows[2], (Row{"1", "", ""}));
  EXPECT_EQ(r.rows[3], (Row{"", "2", ""}));
  EXPECT_EQ(r.lines, (std::vector<std::size_t>{1, 2, 4, 6}));
}

TEST(CsvReader, ReportsRaggedRowWithItsLineAndCanGoOn) {
  std::istringstream in("a,b,c\n1,2,3\n4,5\n6,7,8\n");
  CsvReader reader(in, "t.csv");
  CsvRecord r;
  ASSERT_TRUE(reader.next(r));
  ASSERT_TRUE(reader.next(r));
  try {
    reader.next(r);
    FAIL() << "expected a CsvError";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_STREQ(e.what(), "t.csv:3: expected 3 fields (as in the first record), got 2");
  }
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(r.fields, (Row{"6", "7", "8"}));
  EXPECT_EQ(r.line, 4u);
}

TEST(CsvReader, AllowsRaggedRowsWhenAsked) {
  CsvOptions options;
  options.allow_ragged = true;
  const Read r = read_all("a,b,c\n1\n", options);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1], (Row{"1"}));
}

TEST(CsvReader, ReadsOtherDelimiters) {
  CsvOptions options;
  options.delimiter = ';';
  const Read r = read_all("lon;lat;note\n121,4;31,2;\"a;b\"\n", options);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1], (Row{"121,4", "31,2", "a;b"}));
  options.delimiter = '\t';
  EXPECT_EQ(read_all("a\tb\n1\t2\n", options).rows[1], (Row{"1", "2"}));
}

TEST(CsvReader, RejectsUnclosedQuoteNamingTheLineItOpened) {
  try {
    read_all("a,b\n1,2\n3,\"open\nstill open\n");
    FAIL() << "expected a CsvError";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("t.csv:3: field 2: a quote opened"), std::string::npos);
  }
}

TEST(CsvReader, RejectsTextAfterClosingQuote) { EXPECT_THROW(read_all("a,b\n\"x\"y,2\n"), CsvError); }

TEST(CsvReader, RejectsRecordsOverTheSizeLimit) {
  CsvOptions options;
  options.max_record_bytes = 100;
  EXPECT_THROW(read_all("a\n\"" + std::string(200, 'x') + "\"\n", options), CsvError);
}

TEST(CsvReader, GivesTheSameRecordsForAnyBlockSize) {
  const std::string text =
      "\xEF\xBB\xBFid,text,n\r\n1,\"multi\r\nline, with \"\"quotes\"\"\",3\r\n\r\n2,plain,\r\n\"3\",\"\",x";
  const Read whole = read_all(text);
  ASSERT_EQ(whole.rows.size(), 4u);
  for (std::size_t block = 1; block <= 24; ++block) {
    CsvOptions options;
    options.block_bytes = block;
    const Read r = read_all(text, options);
    EXPECT_EQ(r.rows, whole.rows) << "block " << block;
    EXPECT_EQ(r.lines, whole.lines) << "block " << block;
  }
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_TRUE(read_all("").rows.empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").rows.empty());
  EXPECT_TRUE(read_all("\n\n").rows.empty());
}

}  // namespace
}  // namespace riskgrid::io
