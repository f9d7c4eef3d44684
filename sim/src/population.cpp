// The customer population across a batch's days (docs/loyalty.md).
#include "kaiten/sim/population.hpp"

#include <algorithm>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>
#include <utility>

#include "kaiten/core/rng.hpp"

namespace kaiten {
namespace {

constexpr double kDaysPerMonth = 30.0;

// The entry window's piecewise-constant rate (without day multipliers, which do not change its
// shape): pieces [from, to) with rate per ms.
struct Piece {
  double from = 0;
  double to = 0;
  double rate = 0;
};

std::vector<Piece> entry_pieces(const ScenarioDef& def) {
  const CustomersDef& c = def.customers;
  const double entry_end = static_cast<double>(def.close - c.last_entry_min * kMsPerMinute);
  std::vector<Piece> out;
  double t = static_cast<double>(def.open);
  while (t < entry_end) {
    const auto hour = static_cast<std::size_t>(t / static_cast<double>(kMsPerHour));
    const double end = std::min(static_cast<double>((hour + 1) * kMsPerHour), entry_end);
    const double rate = hour < c.hourly_parties.size()
                            ? c.hourly_parties[hour] / static_cast<double>(kMsPerHour)
                            : 0.0;
    out.push_back({t, end, rate});
    t = end;
  }
  return out;
}

double day_multiplier(const CustomersDef& c) {
  double m = c.weekday_multiplier[static_cast<std::size_t>(c.day)];
  if (c.holiday) m *= c.holiday_multiplier;
  return m;
}

// The time where the integrated rate reaches u x its total (inverse of the arrival-time CDF).
SimTime arrival_time(const std::vector<Piece>& pieces, double total, double u) {
  double budget = u * total;
  for (const Piece& p : pieces) {
    const double mass = p.rate * (p.to - p.from);
    if (p.rate > 0 && budget < mass)
      return std::min(static_cast<SimTime>(std::ceil(p.from + budget / p.rate)),
                      static_cast<SimTime>(p.to) - 1);
    budget -= mass;
  }
  return static_cast<SimTime>(pieces.back().to) - 1;
}

std::size_t draw_index(const std::vector<double>& weights, double u) {
  double total = 0;
  for (double w : weights) total += w;
  double x = u * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;
}

double mix(const ExpectationDef& e, double own, double anchor) {
  return anchor * e.initial + (1.0 - anchor) * own;
}

double term(double weight, const ExpectationDef& e, double expected, double measured,
            double limit) {
  return weight * std::clamp((expected - measured) / e.scale, -limit, limit);
}

}  // namespace

const char* to_string(Segment s) {
  switch (s) {
    case Segment::family:
      return "family";
    case Segment::couple:
      return "couple";
    case Segment::solo:
      return "solo";
  }
  return "?";
}

VisitMeasures measures_of(const PartyResult& p) {
  VisitMeasures m;
  const double minute = static_cast<double>(kMsPerMinute);
  m.wait_min = static_cast<double>(p.seated - p.arrived) / minute;
  m.first_plate_min =
      static_cast<double>((p.first_plate >= 0 ? p.first_plate : p.left) - p.seated) / minute;
  m.unmet_appetite =
      p.appetite > 0 ? std::clamp(1.0 - static_cast<double>(p.plates) / p.appetite, 0.0, 1.0) : 0.0;
  m.failed_wishes = p.failed_wishes;
  m.tired_share = p.plates > 0 ? static_cast<double>(p.tired_plates) / p.plates : 0.0;
  return m;
}

double rating_of(const PopulationDef& def, double score) {
  return std::clamp(def.base_rating + def.rating_per_unit * score, 0.0, 10.0);
}

VisitScore score_visit(const PopulationDef& def, const VisitMeasures& e, const PartyResult& party) {
  VisitScore v;
  const SatisfactionWeights& w = def.weights;
  if (party.fate != PartyFate::served) {
    v.walkaway = true;
    v.score = -w.walkaway * def.walkaway_units;
  } else {
    const VisitMeasures m = measures_of(party);
    const double l = def.term_limit;
    v.score = term(w.wait, def.wait_min, e.wait_min, m.wait_min, l) +
              term(w.first_plate, def.first_plate_min, e.first_plate_min, m.first_plate_min, l) +
              term(w.unmet_appetite, def.unmet_appetite, e.unmet_appetite, m.unmet_appetite, l) +
              term(w.failed_wishes, def.failed_wishes, e.failed_wishes, m.failed_wishes, l) +
              term(w.tired, def.tired_share, e.tired_share, m.tired_share, l);
    if (def.recovery && (m.wait_min >= def.recovery_wait_min ||
                         party.failed_wishes >= def.recovery_failed_wishes)) {
      v.recovered = true;
      v.score += def.recovery_effect;
    }
  }
  v.rating = rating_of(def, v.score);
  return v;
}

double Customer::rate() const {
  return churned >= 0 ? 0.0 : base_rate * std::exp(memory_factor);
}

double PopulationDay::nps() const {
  const std::int32_t rated = promoters + passives + detractors;
  return rated == 0 ? 0.0 : 100.0 * (promoters - detractors) / rated;
}

DaySatisfaction day_satisfaction(const PopulationDef& def, const DayResult& day) {
  DaySatisfaction out;
  const VisitMeasures first{def.wait_min.initial, def.first_plate_min.initial,
                            def.unmet_appetite.initial, def.failed_wishes.initial,
                            def.tired_share.initial};
  double sum = 0;
  for (const PartyResult& p : day.parties) {
    const VisitScore v = score_visit(def, first, p);
    PopulationDay& c = out.counts;
    if (v.walkaway) ++c.walkaways;
    if (v.rating >= def.promoter_from) {
      ++c.promoters;
    } else if (v.rating <= def.detractor_to) {
      ++c.detractors;
    } else {
      ++c.passives;
    }
    ++out.histogram[static_cast<std::size_t>(std::min(10.0, std::floor(v.rating)))];
    sum += v.rating;
  }
  if (!day.parties.empty()) out.counts.mean_rating = sum / static_cast<double>(day.parties.size());
  return out;
}

double expected_arrivals(const ScenarioDef& def, bool with_day_multipliers) {
  double total = 0;
  for (const Piece& p : entry_pieces(def)) total += p.rate * (p.to - p.from);
  return with_day_multipliers ? total * day_multiplier(def.customers) : total;
}

Population::Population(const ScenarioDef& base, std::uint64_t seed) : def_(base.population) {
  const auto& w = base.customers.party_size_weights;
  size_weights_ = w;
  double family = 0;
  for (std::size_t k = 2; k < w.size(); ++k) family += w[k];
  segment_weights_ = def_.segment_weights.value_or(
      std::vector<double>{family, w.size() > 1 ? w[1] : 0.0, w.empty() ? 0.0 : w[0]});
  base_arrivals_ = expected_arrivals(base, false);
  mean_rate_ =
      def_.visits_per_month / kDaysPerMonth * (1.0 + def_.app_share * (def_.app_rate_factor - 1.0));
  lapse_per_day_ = def_.lapse_per_year ? *def_.lapse_per_year / 365.0
                                       : mean_rate_ * def_.new_share / (1.0 - def_.new_share);
  starting_ = def_.members.value_or(static_cast<std::int32_t>(
      std::lround((1.0 - def_.new_share) * base_arrivals_ / std::max(mean_rate_, 1e-12))));
  std::mt19937_64 rng = make_stream(seed, RngStream::population);
  members_.reserve(static_cast<std::size_t>(starting_));
  for (std::int32_t i = 0; i < starting_; ++i) members_.push_back(make_member(rng, 0));
}

Customer Population::make_member(std::mt19937_64& rng, std::int32_t day) {
  Customer c;
  c.id = static_cast<std::uint32_t>(members_.size());
  c.segment = static_cast<Segment>(draw_index(segment_weights_, uniform01(rng)));
  const double u = uniform01(rng);
  if (c.segment == Segment::family) {
    std::vector<double> bigger(
        size_weights_.begin() +
            std::min<std::ptrdiff_t>(2, static_cast<std::ptrdiff_t>(size_weights_.size())),
        size_weights_.end());
    c.size = bigger.empty() ? 3 : 3 + static_cast<std::int32_t>(draw_index(bigger, u));
  } else {
    c.size = c.segment == Segment::couple ? 2 : 1;
  }
  c.app = uniform01(rng) < def_.app_share;
  c.base_rate = def_.visits_per_month / kDaysPerMonth * (c.app ? def_.app_rate_factor : 1.0);
  c.own = {def_.wait_min.initial, def_.first_plate_min.initial, def_.unmet_appetite.initial,
           def_.failed_wishes.initial, def_.tired_share.initial};
  c.joined = day;
  return c;
}

VisitMeasures Population::expectation(const Customer& c) const {
  const double a = def_.expectation_anchor;
  return {
      mix(def_.wait_min, c.own.wait_min, a), mix(def_.first_plate_min, c.own.first_plate_min, a),
      mix(def_.unmet_appetite, c.own.unmet_appetite, a),
      mix(def_.failed_wishes, c.own.failed_wishes, a), mix(def_.tired_share, c.own.tired_share, a)};
}

void Population::plan(ScenarioDef& day, std::uint64_t day_seed) {
  std::mt19937_64 rng = make_stream(day_seed, RngStream::population);
  const std::vector<Piece> pieces = entry_pieces(day);
  double shape_total = 0;
  for (const Piece& p : pieces) shape_total += p.rate * (p.to - p.from);
  const double scale = base_arrivals_ > 0 ? expected_arrivals(day, true) / base_arrivals_ : 0.0;
  struct Visit {
    SimTime at;
    std::uint32_t member;
  };
  std::vector<Visit> visits;
  active_before_ = 0;
  lapsed_today_ = 0;
  changed_.clear();
  // Three draws per member whatever their state, so that the draws line up across policies.
  for (Customer& c : members_) {
    const double u_visit = uniform01(rng);
    const double u_time = uniform01(rng);
    const double u_lapse = uniform01(rng);
    if (c.churned >= 0) continue;
    ++active_before_;
    if (u_lapse < lapse_per_day_) {
      c.churned = today_;
      c.lapsed = true;
      ++lapsed_today_;
      changed_.push_back(c.id);
      continue;
    }
    if (shape_total > 0 && u_visit < std::min(1.0, c.rate() * scale))
      visits.push_back({arrival_time(pieces, shape_total, u_time), c.id});
  }
  const double wom = std::exp(def_.word_of_mouth * last_nps_ / 100.0);
  const double mean_new = def_.new_share * base_arrivals_ * scale * wom;
  const int fresh = mean_new > 0 ? boost::random::poisson_distribution<int>(mean_new)(rng) : 0;
  for (int i = 0; i < fresh; ++i) {
    members_.push_back(make_member(rng, today_));
    changed_.push_back(members_.back().id);
    const double u_time = uniform01(rng);
    if (shape_total > 0)
      visits.push_back({arrival_time(pieces, shape_total, u_time), members_.back().id});
  }
  std::sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) {
    return a.at != b.at ? a.at < b.at : a.member < b.member;
  });
  day.customers.use_planned = true;
  day.customers.planned.clear();
  planned_member_.clear();
  for (const Visit& v : visits) {
    day.customers.planned.push_back({v.at, members_[v.member].size});
    planned_member_.push_back(v.member);
  }
}

const PopulationDay& Population::record(const ScenarioDef& day, const DayResult& result) {
  (void)day;
  PopulationDay d;
  d.day = today_;
  d.members = active_before_;
  d.lapsed = lapsed_today_;
  const double discount = std::pow(1.0 + def_.discount_rate, -today_ / 365.0);
  const double beta = def_.revisit_sensitivity;
  const double cap = beta > 0 ? std::log(def_.max_rate_factor) / beta : 0.0;
  const double learn = def_.expectation_learning;
  double rating_sum = 0;
  for (const PartyResult& p : result.parties) {
    if (p.planned < 0) continue;
    Customer& c = members_[planned_member_[static_cast<std::size_t>(p.planned)]];
    changed_.push_back(c.id);
    if (c.joined == today_ && c.visits == 0 && c.walkaways == 0) {
      ++d.visits_new;
    } else {
      ++d.visits_returning;
    }
    const VisitScore v = score_visit(def_, expectation(c), p);
    if (v.walkaway) {
      ++d.walkaways;
      ++c.walkaways;
    } else {
      ++c.visits;
      std::int64_t margin = p.spend_yen - p.cost_yen;
      if (v.recovered) {
        ++d.recoveries;
        d.recovery_cost_yen += def_.recovery_cost_yen;
        margin -= def_.recovery_cost_yen;
      }
      c.spend_yen += p.spend_yen;
      c.margin_yen += margin;
      c.clv_yen += static_cast<double>(margin) * discount;
      d.margin_yen += margin;
      const VisitMeasures m = measures_of(p);
      c.own.wait_min += learn * (m.wait_min - c.own.wait_min);
      c.own.first_plate_min += learn * (m.first_plate_min - c.own.first_plate_min);
      c.own.unmet_appetite += learn * (m.unmet_appetite - c.own.unmet_appetite);
      c.own.failed_wishes += learn * (m.failed_wishes - c.own.failed_wishes);
      c.own.tired_share += learn * (m.tired_share - c.own.tired_share);
    }
    if (v.rating >= def_.promoter_from) {
      ++d.promoters;
    } else if (v.rating <= def_.detractor_to) {
      ++d.detractors;
    } else {
      ++d.passives;
    }
    rating_sum += v.rating;
    c.rating_sum += v.rating;
    c.last_rating = v.rating;
    c.memory = def_.memory_decay * c.memory + v.score;
    if (beta > 0) c.memory = std::min(c.memory, cap);
    c.memory_factor = beta * c.memory;
    if (c.churned < 0 && c.memory_factor < std::log(def_.churn_floor)) {
      c.churned = today_;
      ++d.churned;
    }
  }
  const std::int32_t rated = d.promoters + d.passives + d.detractors;
  d.mean_rating = rated > 0 ? rating_sum / rated : 0.0;
  std::int32_t kept = 0;
  for (std::int32_t i = 0; i < starting_; ++i)
    if (members_[static_cast<std::size_t>(i)].churned < 0) ++kept;
  d.retention = starting_ > 0 ? static_cast<double>(kept) / starting_ : 1.0;
  last_nps_ = d.nps();
  // The first day's state is the whole population (the starting members too).
  if (today_ == 0) {
    changed_.resize(members_.size());
    for (std::size_t i = 0; i < members_.size(); ++i) changed_[i] = static_cast<std::uint32_t>(i);
  } else {
    std::sort(changed_.begin(), changed_.end());
    changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  }
  ++today_;
  days_.push_back(d);
  return days_.back();
}

void Population::restore(std::vector<Customer> members, std::vector<PopulationDay> days,
                         double last_nps) {
  members_ = std::move(members);
  days_ = std::move(days);
  today_ = static_cast<std::int32_t>(days_.size());
  last_nps_ = last_nps;
}

double Population::clv_per_starting_member() const {
  double sum = 0;
  for (std::int32_t i = 0; i < starting_; ++i) sum += members_[static_cast<std::size_t>(i)].clv_yen;
  return starting_ > 0 ? sum / starting_ : 0.0;
}

}  // namespace kaiten
