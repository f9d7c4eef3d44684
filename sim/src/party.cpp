#include "kaiten/sim/party.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "kaiten/core/rng.hpp"

namespace kaiten {

Party make_party(const ScenarioDef& def, std::uint32_t id, SimTime now,
                 std::mt19937_64& parties_rng, std::mt19937_64& choice_rng, int size) {
  const CustomersDef& c = def.customers;
  Party p;
  p.r.id = id;
  p.r.arrived = now;
  if (size <= 0) {
    ItemMix sizes(c.party_size_weights);
    size = sizes(parties_rng) + 1;
  }
  p.r.size = static_cast<std::uint8_t>(size);
  for (int i = 0; i < size; ++i) {
    Member m;
    m.child = i >= 2 && uniform01(parties_rng) < c.child_share;
    const bool man = !m.child && uniform01(parties_rng) < c.men_share_of_adults;
    const AppetiteDef& a = m.child ? c.children : (man ? c.men : c.women);
    boost::random::normal_distribution<double> appetite(a.mean_plates, a.sd_plates);
    m.appetite = std::max(1, static_cast<int>(std::lround(appetite(parties_rng))));
    boost::random::normal_distribution<double> meal(c.meal_min_mean, c.meal_min_sd);
    const double minutes = std::clamp(meal(parties_rng), 10.0, 120.0);
    m.meal = static_cast<SimTime>(minutes * static_cast<double>(kMsPerMinute));
    p.r.children = static_cast<std::uint8_t>(p.r.children + (m.child ? 1 : 0));
    p.r.appetite += m.appetite;
    p.members.push_back(m);
  }
  boost::random::normal_distribution<double> noise(0.0, c.preference_sigma);
  p.top_preference = 0.0;
  for (const auto& item : def.menu) {
    double w = item.popularity * std::exp(noise(choice_rng));
    if (p.r.children > 0 && std::find(c.child_favourites.begin(), c.child_favourites.end(),
                                      item.id) != c.child_favourites.end())
      w *= c.child_favourite_boost;
    p.preference.push_back(w);
    p.top_preference = std::max(p.top_preference, w);
  }
  p.wishes = ItemMix(p.preference);
  return p;
}

SimTime ready_time(const Member& m, SimTime seated, SimTime min_gap) {
  const double k = m.eaten;
  const double a = m.appetite;
  const double curve = static_cast<double>(m.meal) * (1.0 - std::sqrt(std::max(0.0, 1.0 - k / a)));
  const SimTime on_curve = seated + static_cast<SimTime>(std::ceil(curve));
  return std::max(on_curve, m.last_eat + min_gap);
}

std::uint32_t choose_taker(const Party& party, std::uint16_t item, double opportunistic_take,
                           double appeal, std::mt19937_64& choice_rng) {
  std::uint32_t first_free = kNoMember;
  for (std::uint32_t i = 0; i < party.members.size(); ++i) {
    const Member& m = party.members[i];
    if (!m.hungry || m.order != kNoMember) continue;
    if (first_free == kNoMember) first_free = i;
    if (m.wish == item) {
      if (appeal >= 1.0) return i;
      return uniform01(choice_rng) < appeal ? i : kNoMember;
    }
  }
  if (first_free == kNoMember) return kNoMember;
  const double fancy = opportunistic_take * party.preference[item] / party.top_preference * appeal;
  return uniform01(choice_rng) < fancy ? first_free : kNoMember;
}

double plate_appeal(const FreshnessDef& freshness, SimTime age) {
  const double minutes = static_cast<double>(age) / static_cast<double>(kMsPerMinute);
  if (minutes <= freshness.full_appeal_min || freshness.half_life_min <= 0) return 1.0;
  return std::exp2(-(minutes - freshness.full_appeal_min) / freshness.half_life_min);
}

}  // namespace kaiten
