#pragma once
// A customer population that persists across the days of a batch (docs/loyalty.md): who visits
// each day, how satisfied each visit leaves them (expectation-disconfirmation), how their visit
// rate moves with it (proportional hazards), churn, and their customer lifetime value. The day
// itself is simulated as before, with the visits as its planned parties.
#include <cstdint>
#include <random>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {

enum class Segment : std::uint8_t { family, couple, solo };
const char* to_string(Segment s);

/// What a visit is measured by; lower is better for each.
struct VisitMeasures {
  double wait_min = 0.0;         ///< arrival to seated
  double first_plate_min = 0.0;  ///< seated to the first plate (to leaving if none)
  double unmet_appetite = 0.0;   ///< 1 - plates eaten / plates meant to eat
  double failed_wishes = 0.0;    ///< wishes for a sold-out item
  double tired_share = 0.0;      ///< share of plates eaten that looked tired
};

/// The measures of a served party.
VisitMeasures measures_of(const PartyResult& party);

/// One visit's verdict.
struct VisitScore {
  double score = 0.0;   ///< weighted disconfirmation, positive: better than expected
  double rating = 0.0;  ///< 0..10
  bool walkaway = false;
  bool recovered = false;  ///< service recovery acted (its effect is in the score)
};

/// Scores a visit against `expected` (lower-is-better measures, so a measure below its
/// expectation counts positive): sum of weight x (expected - measured) / scale, a walkaway
/// -weight x walkaway_units, plus recovery_effect when the recovery policy acts.
VisitScore score_visit(const PopulationDef& def, const VisitMeasures& expected,
                       const PartyResult& party);

/// The rating of a score: base_rating + rating_per_unit x score, clamped to 0..10.
double rating_of(const PopulationDef& def, double score);

struct Customer {
  std::uint32_t id = 0;
  Segment segment = Segment::couple;
  std::int32_t size = 2;  ///< the household that comes
  bool app = false;
  double base_rate = 0.0;      ///< visits per day at multiplier 1
  double memory = 0.0;         ///< decayed sum of past scores
  double memory_factor = 0.0;  ///< log(rate / base) = revisit_sensitivity x memory
  VisitMeasures own;           ///< what past visits here taught them to expect
  std::int32_t joined = 0;     ///< day index (0: at the start)
  std::int32_t churned = -1;   ///< day index it left (-1: still a customer)
  bool lapsed = false;         ///< left for reasons the store does not control
  std::int32_t visits = 0;
  std::int32_t walkaways = 0;
  std::int64_t spend_yen = 0;
  std::int64_t margin_yen = 0;  ///< spend - cost of goods eaten - recovery coupons
  double clv_yen = 0.0;         ///< margin discounted to the batch's first day
  double rating_sum = 0.0;
  double last_rating = 0.0;
  double rate() const;
};

/// One day of the population.
struct PopulationDay {
  std::int32_t day = 0;
  std::int32_t members = 0;  ///< not churned, before the day
  std::int32_t visits_new = 0;
  std::int32_t visits_returning = 0;
  std::int32_t walkaways = 0;
  std::int32_t promoters = 0;
  std::int32_t passives = 0;
  std::int32_t detractors = 0;
  std::int32_t churned = 0;  ///< visit rate fell below the floor
  std::int32_t lapsed = 0;   ///< left for other reasons
  std::int32_t recoveries = 0;
  std::int64_t recovery_cost_yen = 0;
  std::int64_t margin_yen = 0;  ///< of the day's visits, after coupons
  double mean_rating = 0.0;
  double retention = 1.0;  ///< share of the starting members not churned after the day
  double nps() const;      ///< promoters minus detractors, per cent of rated visits
};

class Population {
 public:
  /// The starting members, drawn from `seed`, for a store whose scenario is `base`.
  Population(const ScenarioDef& base, std::uint64_t seed);

  /// The day's visits into `day` (customers.planned): members due by their rate x the day's
  /// arrival scale (weekday, holiday, shocks: the day's expected arrivals over the base's), and
  /// new customers; arrival times from the day's hourly profile. Draws the same numbers whatever
  /// the members' rates (common random numbers across policies).
  void plan(ScenarioDef& day, std::uint64_t day_seed);
  /// Scores the planned visits of `result` and moves the members on. Call after plan().
  const PopulationDay& record(const ScenarioDef& day, const DayResult& result);

  const std::vector<Customer>& members() const { return members_; }
  const std::vector<PopulationDay>& days() const { return days_; }
  /// The ids of the members the last plan() and record() changed (visited, lapsed or joined), in
  /// order; on the first day, every member: what a saved state must update.
  const std::vector<std::uint32_t>& changed() const { return changed_; }
  /// The NPS proxy of the last day recorded (word of mouth reads it the next day).
  double last_nps() const { return last_nps_; }
  /// Continues from a saved state: every member (by id), the days recorded so far and the last
  /// day's NPS proxy. The next plan() is day days.size().
  void restore(std::vector<Customer> members, std::vector<PopulationDay> days, double last_nps);
  std::int32_t starting_members() const { return starting_; }
  /// Mean customer lifetime value of the starting members (discounted margin so far).
  double clv_per_starting_member() const;

 private:
  Customer make_member(std::mt19937_64& rng, std::int32_t day);
  VisitMeasures expectation(const Customer& c) const;

  PopulationDef def_;
  std::vector<double> size_weights_;
  std::vector<double> segment_weights_;
  double base_arrivals_ = 0.0;  ///< expected parties of the base scenario at multiplier 1
  double mean_rate_ = 0.0;      ///< members' mean baseline visits per day
  double lapse_per_day_ = 0.0;
  std::int32_t active_before_ = 0;
  std::int32_t lapsed_today_ = 0;
  std::int32_t starting_ = 0;
  std::int32_t today_ = 0;
  std::vector<Customer> members_;
  std::vector<std::uint32_t> planned_member_;
  std::vector<std::uint32_t> changed_;
  std::vector<PopulationDay> days_;
  double last_nps_ = 0.0;
};

/// A single day's satisfaction (`kaiten run`): every party scored as a first visit (against the
/// initial expectations): promoters, passives and detractors, the mean rating, and `histogram`,
/// visits by rating rounded down (0..10).
struct DaySatisfaction {
  PopulationDay counts;
  std::vector<std::int32_t> histogram = std::vector<std::int32_t>(11, 0);
};
DaySatisfaction day_satisfaction(const PopulationDef& def, const DayResult& day);

/// Parties expected to arrive on a day of `def` (hourly rates x weekday and holiday multipliers,
/// over the hours of entry).
double expected_arrivals(const ScenarioDef& def, bool with_day_multipliers);

}  // namespace kaiten
