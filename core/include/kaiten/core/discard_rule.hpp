#pragma once
// The freshness rule, in one place: a plate at or past its limit is expired. It is removed at the
// next discard gate and no customer may take it in between.
#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"

namespace kaiten {

/// The limit that applies to one item: the distance in micrometres, or the time on belt in ms.
struct DiscardLimit {
  DiscardRuleKind kind = DiscardRuleKind::distance;
  std::int64_t value = 0;  ///< micrometres (distance) or milliseconds (time)
};

DiscardLimit discard_limit(const DiscardRule& rule, const MenuItem& item);

/// True when a plate that has travelled `travelled` and spent `on_belt` on the belt is at or past
/// the limit. Exact integer comparison: 349.999 m is fresh, 350.000 m is expired.
constexpr bool is_expired(const DiscardLimit& limit, Micrometres travelled, SimTime on_belt) {
  return (limit.kind == DiscardRuleKind::distance ? travelled : on_belt) >= limit.value;
}

}  // namespace kaiten
