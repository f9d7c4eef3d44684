#pragma once
// One party's people and the decisions they make: who they are (size, appetites, meal lengths,
// tastes), when a member is ready for another plate, and who at the table takes a passing plate.
// The day (sim/src/customers.cpp) schedules these; they stand alone so that they can be tested
// and benchmarked on their own (bench/engine_bench.cpp).
#include <boost/random/discrete_distribution.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/core/units.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {

/// No member (choose_taker), no pending order (Member::order).
inline constexpr std::uint32_t kNoMember = UINT32_MAX;
using ItemMix = boost::random::discrete_distribution<std::uint16_t, double>;

struct Member {
  std::int32_t appetite = 1;  ///< plates
  SimTime meal = 0;           ///< T of the intake curve
  std::int32_t eaten = 0;
  SimTime last_eat = -kMsPerHour;
  bool child = false;
  bool hungry = false;
  std::uint16_t wish = 0;
  std::uint32_t wish_seq = 0;
  std::uint32_t order = kNoMember;  ///< pending touch-panel order (kNoMember: none)
};

enum class PartyState : std::uint8_t { queued, seated, gone };

struct Party {
  PartyResult r;
  PartyState state = PartyState::queued;
  std::vector<Member> members;
  std::vector<double> preference;  ///< per menu item
  double top_preference = 1.0;
  ItemMix wishes;
  std::int32_t satiated = 0;
  std::vector<std::uint32_t> stacked;  ///< plate indexes eaten, kept at the table until checkout
};

/// A party arriving at `now`: size, members (children, men and women, appetites and meal lengths)
/// from `parties_rng`; its tastes (menu popularity with log-normal noise, children's favourites
/// boosted) from `choice_rng`. A `size` above 0 is the party's size (a population member's
/// household) instead of a draw.
Party make_party(const ScenarioDef& def, std::uint32_t id, SimTime now,
                 std::mt19937_64& parties_rng, std::mt19937_64& choice_rng, int size = 0);

/// When member `m`, seated at `seated`, wants their next plate: cumulative intake
/// A(2t/T - (t/T)^2) reaches the plates eaten so far at t = T(1 - sqrt(1 - k/A)) (Kissileff), and
/// never sooner than `min_gap` after their last plate.
SimTime ready_time(const Member& m, SimTime seated, SimTime min_gap);

/// Who at the table takes a passing plate of `item` that is not on an order's stand, given the
/// plate's `appeal` (1 when fresh, less as it ages: plate_appeal): the first hungry member without
/// a pending order who wished for it, with chance `appeal`; else (nobody wished for it), with
/// chance `opportunistic_take` x preference / top preference x `appeal`, the first hungry member
/// without an order. kNoMember if nobody. Draws one number from `choice_rng`, except for a wished
/// plate of full appeal (taken for sure) and when no member is free.
std::uint32_t choose_taker(const Party& party, std::uint16_t item, double opportunistic_take,
                           double appeal, std::mt19937_64& choice_rng);

/// How much a plate made `age` ago still appeals, in [0, 1]: 1 up to full_appeal_min, then
/// halving every half_life_min (docs/customers.md).
double plate_appeal(const FreshnessDef& freshness, SimTime age);

}  // namespace kaiten
