#pragma once
// Tag -> its latest placement, looked up on every read. Tags are small integers in practice (a
// store numbers its plates), so those index a vector: one load instead of a hash and a chase
// through a node. A feed may carry any 32-bit tag; those beyond the dense range go to a hash map.
#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace kaiten {

class TagIndex {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  /// Tags below this index the vector (at most 4 MiB of it, grown as tags are seen).
  static constexpr std::uint32_t kDenseTags = 1U << 20;

  /// The value set for `tag`, or kNone.
  std::uint32_t find(std::uint32_t tag) const {
    if (tag < dense_.size()) return dense_[tag];
    if (tag < kDenseTags) return kNone;
    const auto found = sparse_.find(tag);
    return found == sparse_.end() ? kNone : found->second;
  }

  void set(std::uint32_t tag, std::uint32_t value) {
    if (tag >= kDenseTags) {
      sparse_[tag] = value;
      return;
    }
    if (tag >= dense_.size()) {
      const std::size_t doubled = std::min<std::size_t>(kDenseTags, 2 * dense_.size());
      dense_.resize(std::max<std::size_t>(tag + std::size_t{1}, doubled), kNone);
    }
    dense_[tag] = value;
  }

 private:
  std::vector<std::uint32_t> dense_;
  std::unordered_map<std::uint32_t, std::uint32_t> sparse_;
};

}  // namespace kaiten
