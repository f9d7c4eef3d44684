#include "kaiten/core/discard_rule.hpp"

namespace kaiten {

DiscardLimit discard_limit(const DiscardRule& rule, const MenuItem& item) {
  if (rule.kind == DiscardRuleKind::distance) return {rule.kind, mm_to_um(rule.distance_mm)};
  const std::int64_t minutes = item.discard_time_min.value_or(rule.time_min);
  return {rule.kind, minutes * kMsPerMinute};
}

}  // namespace kaiten
