// The population section of the scenario key table (docs/loyalty.md gives each default's
// rationale; the model is sim/include/kaiten/sim/population.hpp).
#include "kaiten/core/scenario.hpp"
#include "scenario_key_builder.hpp"

namespace kaiten::schema::keybuild {

namespace {

void expectation(Table& t, const std::string& name, const ExpectationDef& e,
                 const std::string& what, const std::string& unit) {
  t.add("population.expect_" + name, Kind::number,
        "what a first visit expects of " + what + " (the market norm)")
      .at_least(0)
      .unit(unit)
      .def(e.initial);
  t.add("population.scale_" + name, Kind::number,
        "how much of " + what + " beyond the expectation counts as one unit of disappointment")
      .above(0)
      .unit(unit)
      .def(e.scale);
}

}  // namespace

void population(Table& t) {
  const PopulationDef d;
  const std::string p = "population.";
  t.add(p + "enabled", Kind::boolean,
        "the batch's arrivals are the population's visits; off, every day draws fresh strangers "
        "exactly as without the section")
      .def(d.enabled);
  t.add(p + "members", Kind::integer, "members at the start")
      .in(0, 10'000'000)
      .def_text("as many as make members' visits `1 − new_share` of the base arrivals");
  t.add(p + "visits_per_month", Kind::number,
        "a member's baseline visits per 30 days (times the day's weekday, holiday and shock "
        "multiplier)")
      .above(0, 30)
      .def(d.visits_per_month);
  t.add(p + "new_share", Kind::number,
        "new customers per day, as a share of the base arrivals (they join the population)")
      .in(0, 0.95)
      .def(d.new_share);
  t.add(p + "segment_weights", Kind::number_list,
        "relative sizes of the segments family (3+ people, children possible), couple (2), solo "
        "(1)")
      .in(0, 1000)
      .items(3, 3)
      .type("list of numbers")
      .def_text("from `customers.party_size_weights`")
      .note("3 entries, sum > 0");
  t.add(p + "app_share", Kind::number, "share of members with the store's app")
      .in(0, 1)
      .def(d.app_share);
  t.add(p + "app_rate_factor", Kind::number, "app members' baseline visit rate multiplier")
      .above(0, 10)
      .def(d.app_rate_factor);
  expectation(t, "wait_min", d.wait_min, "the wait for a table", "minutes");
  expectation(t, "first_plate_min", d.first_plate_min, "the time from seated to first plate",
              "minutes");
  expectation(t, "unmet_appetite", d.unmet_appetite,
              "the share of appetite left unmet (1 − plates eaten / meant)", "share");
  expectation(t, "failed_wishes", d.failed_wishes, "wishes for sold-out items", "wishes");
  expectation(t, "tired_share", d.tired_share, "the share of plates eaten that looked tired",
              "share");
  t.add(p + "walkaway_units", Kind::number,
        "disappointment of a visit that ended in the queue (balked, reneged, unserved)")
      .at_least(0)
      .def(d.walkaway_units);
  t.add(p + "term_limit", Kind::number,
        "each measure's disappointment or delight counts at most this many units")
      .above(0)
      .def(d.term_limit);
  t.add(p + "expectation_learning", Kind::number,
        "how far each visit moves the member's own expectation towards what they lived")
      .in(0, 1)
      .def(d.expectation_learning);
  t.add(p + "expectation_anchor", Kind::number,
        "weight of the market norm (`expect_*`) against the member's own expectation")
      .in(0, 1)
      .def(d.expectation_anchor);
  t.add(p + "weights", Kind::section, "weight of each measure in the satisfaction score")
      .def_text("all `1`");
  const SatisfactionWeights& w = d.weights;
  t.add(p + "weights.wait", Kind::number, "weight of the wait").at_least(0).def(w.wait);
  t.add(p + "weights.first_plate", Kind::number, "weight of the time to the first plate")
      .at_least(0)
      .def(w.first_plate);
  t.add(p + "weights.unmet_appetite", Kind::number, "weight of unmet appetite")
      .at_least(0)
      .def(w.unmet_appetite);
  t.add(p + "weights.failed_wishes", Kind::number, "weight of failed wishes")
      .at_least(0)
      .def(w.failed_wishes);
  t.add(p + "weights.tired", Kind::number, "weight of tired plates").at_least(0).def(w.tired);
  t.add(p + "weights.walkaway", Kind::number, "weight of a walkaway").at_least(0).def(w.walkaway);
  t.add(p + "base_rating", Kind::number, "rating (0–10) of a visit exactly as expected")
      .in(0, 10)
      .def(d.base_rating);
  t.add(p + "rating_per_unit", Kind::number, "rating points per unit of score")
      .at_least(0)
      .def(d.rating_per_unit);
  t.add(p + "promoter_from", Kind::number, "a rating at least this is a promoter (NPS)")
      .in(0, 10)
      .def(d.promoter_from);
  t.add(p + "detractor_to", Kind::number, "a rating at most this is a detractor (NPS)")
      .in(0, 10)
      .def(d.detractor_to)
      .note("below `promoter_from`");
  t.add(p + "revisit_sensitivity", Kind::number,
        "proportional hazards: visit rate = baseline × exp(this × memory of scores)")
      .in(0, 10)
      .def(d.revisit_sensitivity);
  t.add(p + "memory_decay", Kind::number,
        "memory ← this × memory + the visit's score, after each visit")
      .in(0, 0.99)
      .def(d.memory_decay);
  t.add(p + "max_rate_factor", Kind::number, "a visit rate stays at most this × the baseline")
      .in(1, 100)
      .def(d.max_rate_factor);
  t.add(p + "churn_floor", Kind::number,
        "a member whose rate falls below this × the baseline churns (never comes back)")
      .above(0, 1)
      .def(d.churn_floor);
  t.add(p + "lapse_per_year", Kind::number,
        "members lost per year for reasons the store does not control (moving away)")
      .in(0, 365)
      .def_text("the steady state in which new customers replace them");
  t.add(p + "word_of_mouth", Kind::number,
        "new customers × exp(this × yesterday's NPS proxy / 100); 0: none")
      .in(0, 10)
      .def(d.word_of_mouth);
  t.add(p + "discount_rate", Kind::number, "yearly discount rate of customer lifetime value")
      .in(0, 1)
      .unit("per year")
      .def(d.discount_rate);
  t.add(p + "recovery", Kind::section,
        "service recovery: a coupon for a visit whose wait or failed wishes pass a threshold")
      .def_text("off");
  t.add(p + "recovery.enabled", Kind::boolean, "the policy acts").def(d.recovery);
  t.add(p + "recovery.wait_min", Kind::number, "a wait at least this long earns a coupon")
      .at_least(0)
      .unit("minutes")
      .def(d.recovery_wait_min);
  t.add(p + "recovery.failed_wishes", Kind::integer, "so many failed wishes earn a coupon")
      .in(1, 1000)
      .def(d.recovery_failed_wishes);
  t.add(p + "recovery.cost_yen", Kind::integer, "what a coupon costs the store")
      .in(0, 100'000)
      .unit("yen")
      .def(d.recovery_cost_yen);
  t.add(p + "recovery.effect", Kind::number, "units a coupon adds to the visit's score")
      .in(0, 10)
      .def(d.recovery_effect);
}

}  // namespace kaiten::schema::keybuild
