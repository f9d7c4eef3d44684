#include "kaiten/io/feed.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

namespace kaiten {
namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("kaiten_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<SensorMessage> one_of_each() {
  return {EncoderReading{39'600'000, 0, 80},
          ClockTick{39'600'000, 0},
          PlatePlaced{39'600'500, 12, 2, 7, 40'000, kNoOrder},
          TagRead{39'612'000, 12, 3, 3'280'000},
          PartySeatedMsg{39'700'000, 5, 17, 2, 1},
          PanelOrderMsg{39'800'000, 5, 17, 3, 0},
          PlatePlaced{39'860'000, 13, 1, 3, 20'800'000, 0},
          TagRead{39'860'000, 4'000'000'000u, 11, 9'000'000'000'000},
          EncoderReading{39'900'000, 24'000'000, 0},
          CheckoutMsg{40'000'000, 5, 17, {12, 13}},
          CheckoutMsg{40'000'000, 6, 3, {}},
          ClockTick{40'000'000, 24'000'000}};
}

// A message's fields, for comparing round trips (the variant has no operator==).
std::string fields(const SensorMessage& m) {
  return feed_line(m);
}

FeedHeader header() {
  return {kFeedVersion,
          "Standard \"store\"",
          18'446'744'073'709'551'615u,
          "name: \"x\"\nmenu:\n  - {id: a}\t# tab and \\ backslash\n",
          {}};
}

std::string feed_text(const std::vector<std::string>& body) {
  std::string out = feed_header_line(header()) + "\n";
  for (const auto& line : body) out += line + "\n";
  return out;
}

TEST(Feed, LinesAreCompactJsonInTheDocumentedShape) {
  EXPECT_EQ(feed_line(TagRead{41'000, 12, 3, 3'280'000}),
            R"({"t":41000,"type":"read","tag":12,"reader":3,"odo":3280000})");
  EXPECT_EQ(feed_line(PlatePlaced{1, 2, 3, 4, 5, kNoOrder}),
            R"({"t":1,"type":"placed","tag":2,"lane":3,"item":4,"odo":5})");
  EXPECT_EQ(feed_line(PlatePlaced{1, 2, 3, 4, 5, 6}),
            R"({"t":1,"type":"placed","tag":2,"lane":3,"item":4,"odo":5,"order":6})");
  EXPECT_EQ(feed_line(CheckoutMsg{9, 1, 2, {3, 4}}),
            R"({"t":9,"type":"checkout","party":1,"table":2,"tags":[3,4]})");
  EXPECT_EQ(feed_line(ClockTick{9, 10}), R"({"t":9,"type":"tick","odo":10})");
}

TEST(Feed, EveryMessageTypeRoundTrips) {
  const auto dir = fresh_dir("feed_round_trip");
  const auto messages = one_of_each();
  {
    FeedRecorder recorder(dir / "feed.jsonl", header());
    std::vector<Command> commands;
    for (const auto& m : messages) recorder.on_message(m, commands);
    recorder.commit();
  }
  const FeedContents back = read_feed_file(dir / "feed.jsonl", false);
  EXPECT_TRUE(back.errors.empty());
  EXPECT_FALSE(back.stopped);
  EXPECT_EQ(back.header.scenario, header().scenario);
  EXPECT_EQ(back.header.seed, header().seed);
  EXPECT_EQ(back.header.scenario_yaml, header().scenario_yaml);
  ASSERT_EQ(back.messages.size(), messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(back.messages[i].index(), messages[i].index()) << i;
    EXPECT_EQ(fields(back.messages[i]), fields(messages[i])) << i;
  }
  const auto& checkout = std::get<CheckoutMsg>(back.messages[9]);
  EXPECT_EQ(checkout.tags, (std::vector<std::uint32_t>{12, 13}));
  EXPECT_EQ(std::get<PlatePlaced>(back.messages[2]).order, kNoOrder);
  EXPECT_EQ(std::get<TagRead>(back.messages[7]).odometer, 9'000'000'000'000);
}

class ForwardCount : public ControllerPort {
 public:
  void on_message(const SensorMessage&, std::vector<Command>& commands) override {
    ++seen;
    commands.push_back(MakeOrderCmd{seen});
  }
  std::uint32_t seen = 0;
};

TEST(Feed, TheRecorderForwardsAndWritesNothingUntilCommitted) {
  const auto dir = fresh_dir("feed_recorder");
  ForwardCount next;
  {
    FeedRecorder recorder(dir / "feed.jsonl", header(), &next);
    std::vector<Command> commands;
    recorder.on_message(ClockTick{0, 0}, commands);
    recorder.on_message(ClockTick{60'000, 4'800'000}, commands);
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(std::get<MakeOrderCmd>(commands[1]).order, 2u);
    EXPECT_EQ(next.seen, 2u);
    EXPECT_FALSE(std::filesystem::exists(dir / "feed.jsonl"));
    // Destroyed without commit: nothing is left behind.
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "feed.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(dir / "feed.jsonl.tmp"));
}

TEST(Feed, TheFileIsTheHeaderLineThenOneLinePerMessage) {
  const auto dir = fresh_dir("feed_bytes");
  {
    FeedRecorder recorder(dir / "feed.jsonl", header());
    std::vector<Command> commands;
    recorder.on_message(ClockTick{0, 0}, commands);
    recorder.on_message(TagRead{41'000, 12, 3, 3'280'000}, commands);
    recorder.commit();
  }
  EXPECT_EQ(
      slurp(dir / "feed.jsonl"),
      R"({"type":"header","version":1,"scenario":"Standard \"store\"",)"
      R"("seed":18446744073709551615,"scenario_yaml":"name: \"x\"\nmenu:\n  - {id: a}\t# tab )"
      R"(and \\ backslash\n"})"
      "\n"
      R"({"t":0,"type":"tick","odo":0})"
      "\n"
      R"({"t":41000,"type":"read","tag":12,"reader":3,"odo":3280000})"
      "\n");
}

TEST(Feed, ALargeFeedIsWrittenWhole) {
  const auto dir = fresh_dir("feed_large");
  {
    FeedRecorder recorder(dir / "feed.jsonl", header());
    std::vector<Command> commands;
    for (std::uint32_t k = 0; k < 50'000; ++k)
      recorder.on_message(TagRead{k, k, 1, k * 80}, commands);
    recorder.commit();
  }
  const FeedContents back = read_feed_file(dir / "feed.jsonl", false);
  ASSERT_EQ(back.messages.size(), 50'000u);
  EXPECT_EQ(std::get<TagRead>(back.messages.back()).tag, 49'999u);
}

const std::vector<std::string> kBody = {
    R"({"t":1000,"type":"tick","odo":80000})",
    R"({"t":2000,"type":"read","tag":1,"reader":0})",  // line 3: no odo
    R"({"t":3000,"type":"tick","odo":240000)",         // line 4: cut short
    R"({"t":4000,"type":"tick","odo":320000})",
    R"({"t":3500,"type":"tick","odo":300000})",                           // line 6: back in time
    R"({"t":5000,"type":"read","tag":1,"reader":0,"odo":4,"x":1})",       // line 7: unknown key
    R"({"t":6000,"type":"beep"})",                                        // line 8: unknown type
    "",                                                                   // line 9: empty
    R"({"t":7000,"type":"placed","tag":1,"lane":300,"item":0,"odo":5})",  // line 10: lane > 255
    R"({"t":7500,"type":"tick","odo":1.5})",                              // line 11: not an integer
    R"([1,2,3])",                                                         // line 12: not an object
    R"({"t":8000,"type":"checkout","party":1,"table":0,"tags":[1,-2]})",  // line 13
    R"({"t":9000,"type":"tick","odo":720000})"};

TEST(Feed, SkipBadReportsEveryMalformedLineByNumberAndKeepsTheRest) {
  std::istringstream in(feed_text(kBody));
  const FeedContents f = read_feed(in, "day.jsonl", true);
  ASSERT_EQ(f.messages.size(), 3u);
  EXPECT_EQ(time_of(f.messages[0]), 1000);
  EXPECT_EQ(time_of(f.messages[1]), 4000);
  EXPECT_EQ(time_of(f.messages[2]), 9000);
  std::vector<std::int64_t> lines;
  for (const auto& e : f.errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<std::int64_t>{3, 4, 6, 7, 8, 9, 10, 11, 12, 13}));
  EXPECT_FALSE(f.stopped);
  EXPECT_EQ(f.errors[0].to_string("day.jsonl"), "day.jsonl:3: missing key \"odo\"");
  EXPECT_NE(f.errors[1].message.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(f.errors[2].message, "out of time order: t=3500 comes after t=4000");
  EXPECT_EQ(f.errors[3].message, "unknown key \"x\"");
  EXPECT_EQ(f.errors[4].message, "unknown message type \"beep\"");
  EXPECT_EQ(f.errors[5].message, "empty line");
  EXPECT_EQ(f.errors[6].message, "\"lane\" must be an integer in [0, 255]");
}

TEST(Feed, WithoutSkipBadTheFirstMalformedLineStopsTheReader) {
  std::istringstream in(feed_text(kBody));
  FeedReader reader(in, "day.jsonl", false);
  SensorMessage m;
  ASSERT_TRUE(reader.next(m));
  EXPECT_EQ(time_of(m), 1000);
  EXPECT_FALSE(reader.next(m));
  EXPECT_TRUE(reader.stopped());
  ASSERT_EQ(reader.errors().size(), 1u);
  EXPECT_EQ(reader.errors()[0].line, 3);
  EXPECT_FALSE(reader.next(m));  // stays stopped
  EXPECT_EQ(reader.messages(), 1);
}

TEST(Feed, AKeyGivenTwiceMakesALineMalformed) {
  // The same key twice, whatever the values and wherever in the line: the line is malformed, not
  // read with one of its values.
  std::istringstream in(feed_text({
      R"({"t":1000,"type":"placed","tag":28,"lane":0,"item":1,"odo":5,"tag":999999})",  // line 2
      R"({"t":1000,"type":"tick","odo":5})",
      R"({"t":2000,"t":2000,"type":"tick","odo":6})",                                // line 4
      R"({"t":3000,"type":"tick","type":"tick","odo":7})",                           // line 5
      R"({"t":4000,"type":"checkout","party":1,"table":0,"tags":[1,2],"tags":[]})",  // line 6
      R"({"t":5000,"type":"tick","odo":8})",
  }));
  const FeedContents f = read_feed(in, "day.jsonl", true);
  std::vector<std::int64_t> lines;
  for (const auto& e : f.errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<std::int64_t>{2, 4, 5, 6}));
  ASSERT_EQ(f.errors.size(), 4u);
  EXPECT_EQ(f.errors[0].to_string("day.jsonl"), "day.jsonl:2: duplicate key \"tag\"");
  EXPECT_EQ(f.errors[1].message, "duplicate key \"t\"");
  EXPECT_EQ(f.errors[2].message, "duplicate key \"type\"");
  EXPECT_EQ(f.errors[3].message, "duplicate key \"tags\"");
  EXPECT_EQ(f.messages.size(), 2u);
  // Without --skip-bad the first one stops the reading.
  std::istringstream again(feed_text({R"({"t":1,"type":"tick","odo":5,"odo":6})"}));
  const FeedContents stopped = read_feed(again, "day.jsonl", false);
  EXPECT_TRUE(stopped.stopped);
  EXPECT_TRUE(stopped.messages.empty());
  ASSERT_EQ(stopped.errors.size(), 1u);
  EXPECT_EQ(stopped.errors[0].line, 2);
}

TEST(Feed, KeysThatDifferOnlyInCaseOrNestingAreNotDuplicates) {
  // "T" is another key (unknown, so malformed for that reason); keys inside nested objects are
  // checked per object.
  std::istringstream in(feed_text({R"({"t":1,"type":"tick","odo":5,"T":1})",
                                   R"({"t":2,"type":"tick","odo":5,"x":{"t":1}})",
                                   R"({"t":3,"type":"tick","odo":5,"x":{"a":1,"a":2}})"}));
  const FeedContents f = read_feed(in, "day.jsonl", true);
  ASSERT_EQ(f.errors.size(), 3u);
  EXPECT_EQ(f.errors[0].message, "unknown key \"T\"");
  EXPECT_EQ(f.errors[1].message, "unknown key \"x\"");
  EXPECT_EQ(f.errors[2].message, "duplicate key \"a\"");
}

TEST(Feed, LimitsMakeOutOfRangeIndexesMalformed) {
  std::istringstream in(feed_text({R"({"t":1,"type":"read","tag":1,"reader":6,"odo":4})",
                                   R"({"t":2,"type":"read","tag":1,"reader":5,"odo":4})",
                                   R"({"t":3,"type":"seated","party":1,"table":3,)"
                                   R"("adults":2,"children":0})"}));
  const FeedContents f = read_feed(in, "x", true, {3, 24, 6, 3});
  ASSERT_EQ(f.errors.size(), 2u);
  EXPECT_EQ(f.errors[0].line, 2);
  EXPECT_EQ(f.errors[0].message, "\"reader\" must be an integer in [0, 5]");
  EXPECT_EQ(f.errors[1].line, 4);
  EXPECT_EQ(f.messages.size(), 1u);
}

// Regression (fuzz_feed): `t` and `odo` up to 2^63 - 1 were read, and the controller's sums
// (a plate's expiry = odo + limit, a time + 1) overflowed. Times end at 10^10 ms and readings at
// 10^15 um (docs/feed.md, Ranges); beyond them a line is malformed, naming the key and range.
TEST(Feed, TimesAndReadingsBeyondTheirDocumentedRangesAreMalformed) {
  std::istringstream in(feed_text({
      R"({"t":10000000000,"type":"tick","odo":1000000000000000})",              // 2: the limits
      R"({"t":10000000001,"type":"tick","odo":1})",                             // 3
      R"({"t":9223372036854775807,"type":"read","tag":1,"reader":0,"odo":1})",  // 4
      R"({"t":1,"type":"placed","tag":1,"lane":0,"item":0,"odo":1000000000000001})",  // 5
      R"({"t":1,"type":"encoder","odo":9223372036854775807,"speed_mm_s":80})",        // 6
      R"({"t":1,"type":"express","tag":1,"order":0,"table":0,"item":0,)"
      R"("arrives":10000000001})",  // 7
      R"({"t":10000000000,"type":"express","tag":1,"order":0,"table":0,"item":0,)"
      R"("arrives":10000000000})",  // 8
  }));
  const FeedContents f = read_feed(in, "day.jsonl", true);
  std::vector<std::int64_t> lines;
  for (const auto& e : f.errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<std::int64_t>{3, 4, 5, 6, 7}));
  ASSERT_EQ(f.errors.size(), 5u);
  EXPECT_EQ(f.errors[0].to_string("day.jsonl"),
            "day.jsonl:3: \"t\" must be an integer in [0, 10000000000]");
  EXPECT_EQ(f.errors[1].message, "\"t\" must be an integer in [0, 10000000000]");
  EXPECT_EQ(f.errors[2].message, "\"odo\" must be an integer in [0, 1000000000000000]");
  EXPECT_EQ(f.errors[3].message, "\"odo\" must be an integer in [0, 1000000000000000]");
  EXPECT_EQ(f.errors[4].message, "\"arrives\" must be an integer in [1, 10000000000]");
  ASSERT_EQ(f.messages.size(), 2u);
  EXPECT_EQ(time_of(f.messages[0]), 10'000'000'000);
  EXPECT_EQ(std::get<ClockTick>(f.messages[0]).odometer, 1'000'000'000'000'000);
  EXPECT_EQ(std::get<ExpressSent>(f.messages[1]).arrives, 10'000'000'000);
}

TEST(Feed, WindowsLineEndingsAreAccepted) {
  std::string text =
      feed_header_line(header()) + "\r\n" + R"({"t":1000,"type":"tick","odo":80000})" + "\r\n";
  std::istringstream in(text);
  const FeedContents f = read_feed(in, "x", false);
  EXPECT_TRUE(f.errors.empty());
  EXPECT_EQ(f.messages.size(), 1u);
}

TEST(Feed, ABadHeaderIsAnErrorOnLineOne) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "empty feed"},
      {R"({"t":1000,"type":"tick","odo":80000})", "first line must be the header"},
      {R"({"type":"header","version":2,"scenario":"a","seed":1,"scenario_yaml":""})",
       "unsupported feed version 2"},
      {R"({"type":"header","version":1,"scenario":"a","seed":-1,"scenario_yaml":""})",
       "\"seed\" must be a non-negative integer"},
      {R"({"type":"header","version":1,"scenario":"a","seed":1})", "missing key \"scenario_yaml\""},
      {"not json", "invalid JSON"},
      {R"({"type":"header","version":1,"scenario":"a","seed":1,"scenario_yaml":"","overrides":"a=1"})",
       "\"overrides\" must be a list of strings"},
      {R"({"type":"header","version":1,"scenario":"a","seed":1,"scenario_yaml":"","seed":2})",
       "duplicate key \"seed\""},
  };
  for (const auto& [text, expected] : cases) {
    std::istringstream in(text);
    try {
      FeedReader reader(in, "h.jsonl", true);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const FeedFormatError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("h.jsonl:1: ", 0), 0u) << what;
      EXPECT_NE(what.find(expected), std::string::npos) << what;
    }
  }
}

// The overrides travel in the header; a header without them is the one earlier versions wrote.
TEST(Feed, TheHeaderCarriesTheOverrides) {
  FeedHeader h = header();
  EXPECT_EQ(feed_header_line(h).find("overrides"), std::string::npos);
  h.overrides = {"belt.speed_mm_s=60", "kitchen.staff[1].cooks=5"};
  const std::string line = feed_header_line(h);
  EXPECT_TRUE(line.ends_with(R"(,"overrides":["belt.speed_mm_s=60","kitchen.staff[1].cooks=5"]})"))
      << line;
  std::istringstream in(line + "\n");
  FeedReader reader(in, "h.jsonl", false);
  EXPECT_EQ(reader.header().overrides, h.overrides);
  EXPECT_EQ(reader.header().scenario_yaml, h.scenario_yaml);
}

TEST(Feed, AMissingFileIsAnIoError) {
  EXPECT_THROW(read_feed_file("/nonexistent-kaiten-dir/feed.jsonl", false), IoError);
}

}  // namespace
}  // namespace kaiten
