#include "kaiten/whatif/journal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

namespace kaiten::whatif {
namespace {

std::filesystem::path fresh(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("kaiten_whatif_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir / "journal";
}

TEST(Journal, RunsReadBackToTheBitUnderTheSameKey) {
  const auto path = fresh("roundtrip");
  const RunValues odd{0.1 + 0.2, -0.0, 1e-310, std::numeric_limits<double>::infinity(),
                      123456789.25};
  {
    SweepJournal j(path, "key 1");
    EXPECT_TRUE(j.finished().empty());
    j.record("a=1 b=2", 7, odd);
    j.record("a=1 b=3", 7, {1, 2});
    j.record("a=1 b=2", 8, {std::nan("")});
  }
  SweepJournal again(path, "key 1");
  EXPECT_FALSE(again.replaced());
  ASSERT_EQ(again.finished().size(), 3U);
  const RunValues& back = again.finished().at({"a=1 b=2", 7});
  ASSERT_EQ(back.size(), odd.size());
  for (std::size_t i = 0; i < odd.size(); ++i)
    EXPECT_EQ(std::memcmp(&back[i], &odd[i], sizeof(double)), 0) << i;
  EXPECT_TRUE(std::isnan(again.finished().at({"a=1 b=2", 8})[0]));
}

TEST(Journal, ALineCutShortIsLeftOutAndTheNextStartsOnItsOwnLine) {
  const auto path = fresh("torn");
  {
    SweepJournal j(path, "k");
    j.record("p=1", 1, {1, 2, 3});
    j.record("p=1", 2, {4, 5, 6});
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 5);  // killed mid-line
  {
    SweepJournal j(path, "k");
    ASSERT_EQ(j.finished().size(), 1U);
    EXPECT_EQ(j.finished().count({"p=1", 1}), 1U);
    j.record("p=1", 2, {4, 5, 6});
  }
  SweepJournal j(path, "k");
  EXPECT_EQ(j.finished().size(), 2U);
  EXPECT_EQ(j.finished().at({"p=1", 2}), (RunValues{4, 5, 6}));
}

TEST(Journal, RunsOfAnotherScenarioAreStartedAfreshAndRemoveDeletesTheFile) {
  const auto path = fresh("other");
  {
    SweepJournal j(path, "scenario A");
    j.record("p=1", 1, {1});
  }
  SweepJournal j(path, "scenario B");
  EXPECT_TRUE(j.replaced());
  EXPECT_TRUE(j.finished().empty());
  j.remove();
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(journal_path("/tmp/out/"), std::filesystem::path("/tmp/out.kaiten-sweep-journal"));
  EXPECT_EQ(journal_path("/tmp/a/../out"), std::filesystem::path("/tmp/out.kaiten-sweep-journal"));
}

}  // namespace
}  // namespace kaiten::whatif
