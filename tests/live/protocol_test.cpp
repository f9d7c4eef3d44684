// The live store's payloads and in-order, once-only delivery (docs/live.md), against hand-made
// cases.
#include <gtest/gtest.h>

#include "kaiten/io/feed.hpp"
#include "kaiten/live/live_watch.hpp"
#include "kaiten/live/protocol.hpp"

namespace kaiten {
namespace {

TEST(SeqInbox, DeliversInOrderOnceEach) {
  SeqInbox<int> inbox;
  int out = 0;
  EXPECT_TRUE(inbox.put(2, 20));
  EXPECT_FALSE(inbox.pop(out));  // 1 is missing
  EXPECT_TRUE(inbox.gap());
  EXPECT_FALSE(inbox.put(2, 99));  // a duplicate while waiting
  EXPECT_TRUE(inbox.put(1, 10));
  ASSERT_TRUE(inbox.pop(out));
  EXPECT_EQ(out, 10);
  ASSERT_TRUE(inbox.pop(out));
  EXPECT_EQ(out, 20);  // the first copy, not the duplicate
  EXPECT_FALSE(inbox.pop(out));
  EXPECT_FALSE(inbox.put(1, 11));  // a duplicate after delivery
  EXPECT_EQ(inbox.next(), 3u);
  EXPECT_EQ(inbox.duplicates(), 2);
  EXPECT_FALSE(inbox.gap());
}

TEST(SeqInbox, ResumesAfterACheckpoint) {
  SeqInbox<int> inbox;
  inbox.delivered_up_to(41);
  int out = 0;
  EXPECT_FALSE(inbox.put(41, 1));
  EXPECT_TRUE(inbox.put(42, 2));
  ASSERT_TRUE(inbox.pop(out));
  EXPECT_EQ(out, 2);
}

TEST(SequencedLine, CarriesSourceAndSeqInFront) {
  const SensorMessage m = TagRead{39612000, 12, 3, 3280000};
  const std::string line = sequenced_feed_line("gw-1", 7, m);
  EXPECT_EQ(line, R"({"src":"gw-1","seq":7,"t":39612000,"type":"read","tag":12,"reader":3,)"
                  R"("odo":3280000})");
  SequencedMessage back;
  std::string error;
  ASSERT_TRUE(parse_sequenced_line(line, {}, back, error)) << error;
  EXPECT_EQ(back.source, "gw-1");
  EXPECT_EQ(back.seq, 7u);
  EXPECT_EQ(feed_line(back.message), feed_line(m));
}

TEST(SequencedLine, KeysInAnyOrderAndStrictlyChecked) {
  SequencedMessage m;
  std::string error;
  ASSERT_TRUE(
      parse_sequenced_line(R"({"t":5,"type":"tick","odo":9,"seq":3,"src":"a"})", {}, m, error));
  EXPECT_EQ(m.seq, 3u);
  EXPECT_FALSE(parse_sequenced_line(R"({"t":5,"type":"tick","odo":9,"src":"a"})", {}, m, error));
  EXPECT_NE(error.find("seq"), std::string::npos);
  EXPECT_FALSE(
      parse_sequenced_line(R"({"src":"a","seq":0,"t":5,"type":"tick","odo":9})", {}, m, error));
  EXPECT_FALSE(parse_sequenced_line(R"({"src":"a","seq":1,"t":5,"type":"tick","odo":9,"x":1})", {},
                                    m, error));
  EXPECT_FALSE(parse_sequenced_line(R"({"src":"a","seq":1,"src":"b","t":5,"type":"tick","odo":9})",
                                    {}, m, error));
  EXPECT_NE(error.find("duplicate"), std::string::npos);
}

TEST(CommandLine, RoundTripsEveryCommand) {
  const SequencedCommand sent[] = {{1, 1000, ProduceCmd{2, 7}},
                                   {2, 2000, ExpireCmd{12, 5'000'000, kNever}},
                                   {3, 3000, ExpireCmd{13, 6'000'000, 3'600'000}},
                                   {4, 4000, MakeOrderCmd{99}}};
  EXPECT_EQ(command_line(sent[0]), R"({"seq":1,"t":1000,"type":"produce","lane":2,"item":7})");
  EXPECT_EQ(command_line(sent[1]), R"({"seq":2,"t":2000,"type":"expire","tag":12,"odo":5000000})");
  for (const SequencedCommand& c : sent) {
    SequencedCommand back;
    std::string error;
    ASSERT_TRUE(parse_command_line(command_line(c), back, error)) << error;
    EXPECT_EQ(back.seq, c.seq);
    EXPECT_EQ(back.t, c.t);
    EXPECT_EQ(command_line(back), command_line(c));
  }
  SequencedCommand back;
  std::string error;
  EXPECT_FALSE(
      parse_command_line(R"({"seq":1,"t":0,"type":"produce","lane":300,"item":1})", back, error));
  EXPECT_FALSE(parse_command_line(R"({"seq":1,"t":0,"type":"launch"})", back, error));
  EXPECT_FALSE(parse_command_line("not json", back, error));
}

TEST(StoreId, OnlyTopicSafeCharacters) {
  EXPECT_TRUE(valid_store_id("shibuya-2_b"));
  EXPECT_FALSE(valid_store_id(""));
  EXPECT_FALSE(valid_store_id("a/b"));
  EXPECT_FALSE(valid_store_id("a+"));
  EXPECT_FALSE(valid_store_id("#"));
}

TEST(BrokerUrl, TcpOrMqttWithAPort) {
  EXPECT_TRUE(valid_broker_url("tcp://127.0.0.1:1883"));
  EXPECT_TRUE(valid_broker_url("mqtt://broker.local:8883"));
  EXPECT_FALSE(valid_broker_url("127.0.0.1:1883"));
  EXPECT_FALSE(valid_broker_url("tcp://127.0.0.1"));
  EXPECT_FALSE(valid_broker_url("tcp://:1883"));
  EXPECT_FALSE(valid_broker_url("tcp://host:18x3"));
  EXPECT_FALSE(valid_broker_url("ws://host:80"));
}

// The state payload as docs/live.md shows it, written by hand: what a screen takes from it.
TEST(StatePayload, AScreenReadsTheDocumentedFields) {
  const std::string payload =
      R"({"store":"Standard store","t":45000000,"done":false,)"
      R"("plates":{"made":812,"on_belt":94,"sold":655,"discarded":41},)"
      R"("seated":{"parties":31,"people":79},"readers_down":1,)"
      R"("forecast_plates":{"1":9.8,"15":142.1},"forecast_items":{"1":{},"15":{}},)"
      R"("top_day_plates":[{"item":"salmon","plates":120,"revenue_yen":14400},)"
      R"({"item":"maguro","plates":97,"revenue_yen":11640}],)"
      R"("top_day_revenue":[],"top_window_plates":[],"top_window_revenue":[]})";
  LiveState s;
  std::string error;
  ASSERT_TRUE(parse_state_json(payload, s, error)) << error;
  EXPECT_EQ(s.store, "Standard store");
  EXPECT_EQ(s.t, 45'000'000);
  EXPECT_FALSE(s.done);
  EXPECT_EQ(s.made, 812);
  EXPECT_EQ(s.on_belt, 94);
  EXPECT_EQ(s.sold, 655);
  EXPECT_EQ(s.discarded, 41);
  EXPECT_EQ(s.seated_parties, 31);
  EXPECT_EQ(s.seated_people, 79);
  EXPECT_EQ(s.readers_down, 1);
  EXPECT_DOUBLE_EQ(s.forecast[0], 9.8);
  EXPECT_DOUBLE_EQ(s.forecast[1], 142.1);
  ASSERT_EQ(s.top_day_plates.size(), 2u);
  EXPECT_EQ(s.top_day_plates[1].item, "maguro");
  EXPECT_EQ(s.top_day_plates[1].plates, 97);
  EXPECT_FALSE(parse_state_json(R"({"store":"x","t":1})", s, error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(parse_state_json("not json", s, error));
}

}  // namespace
}  // namespace kaiten
