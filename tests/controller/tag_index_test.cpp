#include "kaiten/controller/tag_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

namespace kaiten {
namespace {

TEST(TagIndex, UnsetTagsAreNone) {
  TagIndex index;
  EXPECT_EQ(index.find(0), TagIndex::kNone);
  EXPECT_EQ(index.find(UINT32_MAX), TagIndex::kNone);
  index.set(5, 1);
  EXPECT_EQ(index.find(4), TagIndex::kNone);  // inside the grown vector, never set
  EXPECT_EQ(index.find(6), TagIndex::kNone);
  EXPECT_EQ(index.find(TagIndex::kDenseTags - 1), TagIndex::kNone);
  EXPECT_EQ(index.find(TagIndex::kDenseTags), TagIndex::kNone);
}

TEST(TagIndex, TheLatestValueWinsOnBothSidesOfTheDenseRange) {
  TagIndex index;
  for (const std::uint32_t tag : {0U, TagIndex::kDenseTags - 1, TagIndex::kDenseTags, UINT32_MAX}) {
    index.set(tag, 7);
    index.set(tag, 9);
    EXPECT_EQ(index.find(tag), 9U) << tag;
  }
}

// Against std::unordered_map, the map it replaced, on a mixed feed: numbered plates, tags
// scattered over the whole 32-bit range, and tags near the dense range's edge.
TEST(TagIndex, AgreesWithAHashMapOnRandomTags) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::uint32_t> small(0, 3000), any(0, UINT32_MAX),
      edge(TagIndex::kDenseTags - 50, TagIndex::kDenseTags + 50), kind(0, 2);
  TagIndex index;
  std::unordered_map<std::uint32_t, std::uint32_t> reference;
  for (std::uint32_t step = 0; step < 200'000; ++step) {
    const std::uint32_t k = kind(rng);
    const std::uint32_t tag = k == 0 ? small(rng) : k == 1 ? any(rng) : edge(rng);
    if (step % 3 == 0) {
      index.set(tag, step);
      reference[tag] = step;
    } else {
      const auto found = reference.find(tag);
      ASSERT_EQ(index.find(tag), found == reference.end() ? TagIndex::kNone : found->second)
          << "tag " << tag << " at step " << step;
    }
  }
}

}  // namespace
}  // namespace kaiten
