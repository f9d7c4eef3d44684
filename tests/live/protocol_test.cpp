// The live store's payloads and in-order, once-only delivery (docs/live.md), against hand-made
// cases.
#include <gtest/gtest.h>

#include "kaiten/io/feed.hpp"
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

}  // namespace
}  // namespace kaiten
