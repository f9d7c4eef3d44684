#include "kaiten/headoffice/pos_import.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string_view>

#include "test_support.hpp"

namespace kaiten::headoffice {
namespace {

using test::TempDir;

constexpr std::string_view kGood =
    "store,date,item,sold,discarded,panel_orders,stock_out,sold_out_at,holiday\n"  // 1
    "shibuya,2025-03-01,maguro,120,5,10,0,,0\n"                                    // 2
    "shibuya,2025-03-01,salmon,150,3,12,1,20:15,0\n"                               // 3
    "shibuya,2025-03-02,maguro,130,4,9,,,1\n"                                      // 4
    "\n"                                                                           // 5
    "shibuya,2025-03-02,salmon,160,2,11,0,,\n";                                    // 6

TEST(PosImport, ReadsAGoodFile) {
  const PosImport r = parse_pos_csv(kGood, "pos.csv", "", nullptr);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  EXPECT_EQ(r.rows, 4);
  ASSERT_EQ(r.days.size(), 2U);
  const DayRecord& d1 = r.days[0];
  EXPECT_EQ(d1.store, "shibuya");
  EXPECT_EQ(d1.date.to_string(), "2025-03-01");
  EXPECT_FALSE(d1.holiday);
  ASSERT_EQ(d1.items.size(), 2U);
  EXPECT_EQ(d1.items[0].sold, 120);
  EXPECT_EQ(d1.items[0].made, 125);  // sold + discarded when not given
  EXPECT_FALSE(d1.items[0].stock_out);
  EXPECT_TRUE(d1.items[1].stock_out);
  EXPECT_EQ(d1.items[1].stock_out_min, 20 * 60 + 15);
  EXPECT_FALSE(d1.items[0].true_demand.has_value());  // never from a POS export
  EXPECT_TRUE(r.days[1].holiday);
}

TEST(PosImport, MinimalColumnsWithADefaultStoreCrlfAndBom) {
  const std::string text =
      "\xEF\xBB\xBF"
      "date,item,sold\r\n2025-03-01,maguro,\"12\"\r\n2025-03-01,\"salmon\",7\r\n";
  const PosImport r = parse_pos_csv(text, "pos.csv", "ginza", nullptr);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  ASSERT_EQ(r.days.size(), 1U);
  EXPECT_EQ(r.days[0].store, "ginza");
  EXPECT_EQ(r.days[0].items[0].sold, 12);
  EXPECT_EQ(r.days[0].items[1].item, "salmon");
}

// --store names the store of a file without a store column; on a file with one it would merge
// stores, so it is refused rather than applied or ignored.
TEST(PosImport, StoreOptionOnAFileWithAStoreColumnIsRefused) {
  const PosImport r = parse_pos_csv(kGood, "pos.csv", "ginza", nullptr);
  EXPECT_TRUE(r.days.empty());
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_NE(r.errors[0].message.find("\"store\" column, so --store ginza does not apply"),
            std::string::npos)
      << r.errors[0].to_string();
}

TEST(PosImport, StoreIdsInUtf8AreKept) {
  const PosImport r =
      parse_pos_csv("store,date,item,sold\n\xe9\x8a\x80\xe5\xba\xa7,2025-03-01,maguro,1\n",
                    "pos.csv", "", nullptr);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front().to_string();
  ASSERT_EQ(r.days.size(), 1U);
  EXPECT_EQ(r.days[0].store, "\xe9\x8a\x80\xe5\xba\xa7");  // Ginza in kanji
}

struct BadCase {
  std::string_view name;
  std::string_view text;
  int line;                  ///< of the first error
  std::string_view message;  ///< part of it
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

// clang-format off
constexpr BadCase kBad[] = {
  {"unknown column", "date,item,sold,colour\n2025-03-01,maguro,1,red\n", 1,
   "unknown column \"colour\""},
  {"missing sold column", "date,item\n2025-03-01,maguro\n", 1, "missing required column \"sold\""},
  {"no store", "date,item,sold\n2025-03-01,maguro,1\n", 1, "no \"store\" column"},
  {"column twice", "store,date,item,sold,sold\n", 1, "column \"sold\" appears twice"},
  {"bad date", "store,date,item,sold\ns,2025-02-30,maguro,1\n", 2,
   "date: expected YYYY-MM-DD, got \"2025-02-30\""},
  {"negative sold", "store,date,item,sold\ns,2025-03-01,maguro,-3\n", 2,
   "sold: expected a whole number >= 0, got \"-3\""},
  {"fractional sold", "store,date,item,sold\ns,2025-03-01,maguro,2.5\n", 2, "sold: expected"},
  {"empty sold", "store,date,item,sold\ns,2025-03-01,maguro,\n", 2, "sold: expected"},
  {"bad item id", "store,date,item,sold\ns,2025-03-01,Maguro Roll,1\n", 2,
   "item: expected an id"},
  {"too few fields", "store,date,item,sold\ns,2025-03-01,maguro\n", 2,
   "expected 4 fields (as in the header), got 3"},
  {"bad flag", "store,date,item,sold,stock_out\ns,2025-03-01,maguro,1,yes\n", 2,
   "stock_out: expected 0, 1, true or false"},
  {"bad clock", "store,date,item,sold,sold_out_at\ns,2025-03-01,maguro,1,8pm\n", 2,
   "sold_out_at: expected HH:MM"},
  {"made below sold", "store,date,item,sold,made\ns,2025-03-01,maguro,10,4\n", 2,
   "made (4) is less than sold + discarded (10)"},
  {"bad quoting", "store,date,item,sold\ns,2025-03-01,ma\"guro,1\n", 2, "bad quoting"},
  // Found with the fuzzing harness (tests/fuzz/corpus/pos_csv/regress-sum-overflow.csv): the sum
  // overflowed (undefined behaviour; a wrapped, negative `made` was imported).
  {"sold + discarded overflows", "store,date,item,sold,discarded\n"
   "s,2025-03-01,maguro,9223372036854775807,1\n", 2,
   "sold + discarded (9223372036854775807 + 1) is too large"},
  {"sold + discarded overflows, made given", "store,date,item,sold,discarded,made\n"
   "s,2025-03-01,maguro,2,9223372036854775807,9223372036854775807\n", 2,
   "sold + discarded (2 + 9223372036854775807) is too large"},
  {"duplicate row", "store,date,item,sold\ns,2025-03-01,maguro,1\ns,2025-03-01,maguro,2\n", 3,
   "duplicate row for store s, 2025-03-01, item maguro (first at line 2)"},
  {"holiday disagrees", "store,date,item,sold,holiday\ns,2025-03-01,maguro,1,1\n"
   "s,2025-03-01,salmon,1,0\n", 3, "holiday: 0 disagrees with line 2"},
  {"empty file", "", 0, "empty file"},
  {"store not UTF-8", "store,date,item,sold\ngin\xffza,2025-03-01,maguro,1\n", 2,
   "store: not valid UTF-8: \"gin\\xffza\""},
};
// clang-format on

class BadPos : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadPos, ReportsTheLine) {
  const BadCase& c = GetParam();
  const PosImport r = parse_pos_csv(c.text, "pos.csv", "", nullptr);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors.front().line, c.line) << r.errors.front().to_string();
  EXPECT_NE(r.errors.front().message.find(c.message), std::string::npos)
      << r.errors.front().to_string();
  EXPECT_EQ(r.errors.front().file, "pos.csv");
}

std::string case_name(const ::testing::TestParamInfo<BadCase>& info) {
  std::string name;
  for (const char c : info.param.name)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Table, BadPos, ::testing::ValuesIn(kBad), case_name);

TEST(PosImport, BadRowsAreLeftOutAndCounted) {
  const std::string text =
      "store,date,item,sold\n"
      "s,2025-03-01,maguro,1\n"
      "s,2025-03-01,salmon,x\n"  // line 3: bad
      "s,2025-03-02,maguro,2\n"
      "s,2025-03-02,maguro,3\n";  // line 5: duplicate
  const PosImport r = parse_pos_csv(text, "pos.csv", "", nullptr);
  ASSERT_EQ(r.errors.size(), 2U);
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_EQ(r.errors[1].line, 5);
  EXPECT_EQ(r.errors[1].to_string().rfind("pos.csv:5: ", 0), 0U);
  EXPECT_EQ(r.rows, 4);
  EXPECT_EQ(r.rows_skipped, 2);
  ASSERT_EQ(r.days.size(), 2U);  // the good rows, for --skip-bad
  EXPECT_EQ(r.days[0].items.size(), 1U);
  EXPECT_EQ(r.days[1].items.size(), 1U);
  EXPECT_EQ(r.days[1].items[0].sold, 2);
}

// Found by fuzzing (tests/fuzz/corpus/pos_csv/regress-bad-quoting-rows.csv): a badly quoted row
// was counted as skipped but not as read, so skipped + imported exceeded the rows read.
TEST(PosImport, ABadlyQuotedRowIsReadAndSkipped) {
  const std::string text =
      "store,date,item,sold\n"
      "s,2025-03-01,maguro,1\n"
      "s,2025-03-01,\"salmon,2\n"  // line 3: the quote is never closed
      "s,2025-03-01,ebi,3\n";
  const PosImport r = parse_pos_csv(text, "pos.csv", "", nullptr);
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.rows_skipped, 1);
  ASSERT_EQ(r.days.size(), 1U);
  EXPECT_EQ(r.days[0].items.size(), 2U);
}

TEST(PosImport, DaysAlreadyInTheHistoryAreErrors) {
  TempDir dir;
  HistoryStore h(dir.file("h.db"));
  const PosImport first = parse_pos_csv(kGood, "pos.csv", "", &h);
  ASSERT_TRUE(first.errors.empty());
  h.ensure_store("shibuya", StoreSource::pos);
  h.write_days(first.days);
  const PosImport again = parse_pos_csv(kGood, "pos.csv", "", &h);
  ASSERT_EQ(again.errors.size(), 2U);
  EXPECT_EQ(again.errors[0].line, 2);
  EXPECT_NE(again.errors[0].message.find("2025-03-01 is already in the history of store shibuya"),
            std::string::npos);
  EXPECT_EQ(again.errors[1].line, 4);
  EXPECT_TRUE(again.days.empty());
}

}  // namespace
}  // namespace kaiten::headoffice
