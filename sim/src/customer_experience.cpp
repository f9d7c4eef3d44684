#include "kaiten/sim/customer_experience.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kaiten {
namespace {
double minutes(SimTime ms) {
  return static_cast<double>(ms) / static_cast<double>(kMsPerMinute);
}
}  // namespace

Distribution describe(std::vector<double> sample) {
  Distribution d;
  if (sample.empty()) return d;
  std::sort(sample.begin(), sample.end());
  const auto n = static_cast<double>(sample.size());
  d.n = static_cast<std::int64_t>(sample.size());
  d.mean = std::accumulate(sample.begin(), sample.end(), 0.0) / n;
  auto rank = [&](double p) {
    const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * n)));
    return sample[k - 1];
  };
  d.p50 = rank(50);
  d.p95 = rank(95);
  return d;
}

CustomerExperience customer_experience(const DayResult& day) {
  CustomerExperience cx;
  std::vector<double> wait, first_plate, seated, spend, lead, fresh;
  std::int64_t found = 0, ordered = 0, plates = 0;
  for (const PartyResult& p : day.parties) {
    ++cx.parties_arrived;
    cx.parties_balked += p.fate == PartyFate::balked;
    cx.parties_reneged += p.fate == PartyFate::reneged;
    cx.parties_unserved_at_close += p.fate == PartyFate::unserved_at_close;
    cx.panel_orders += p.panel_orders;
    cx.failed_wishes += p.failed_wishes;
    if (p.seated < 0) continue;
    ++cx.parties_seated;
    cx.customers += p.size;
    cx.children += p.children;
    wait.push_back(minutes(p.seated - p.arrived));
    seated.push_back(minutes(p.left - p.seated));
    if (p.first_plate >= 0) first_plate.push_back(minutes(p.first_plate - p.seated));
    spend.push_back(static_cast<double>(p.spend_yen));
    found += p.found_on_belt;
    ordered += p.ordered_eaten;
    plates += p.plates;
  }
  std::vector<double> queueing, cooking, delivery;
  for (const OrderTiming& o : day.orders) {
    lead.push_back(minutes(o.eaten - o.ordered));
    queueing.push_back(minutes(o.started - o.ordered));
    cooking.push_back(minutes(o.cooked - o.started));
    delivery.push_back(minutes(o.eaten - o.cooked));
  }
  cx.order_queue_min = describe(std::move(queueing));
  cx.order_cook_min = describe(std::move(cooking));
  cx.order_delivery_min = describe(std::move(delivery));
  for (const PlateEnd& p : day.plates)
    if (p.fate == PlateFate::eaten)
      fresh.push_back(static_cast<double>(p.travelled / 1000) / 1000.0);
  cx.wait_min = describe(std::move(wait));
  cx.first_plate_min = describe(std::move(first_plate));
  cx.time_seated_min = describe(std::move(seated));
  cx.spend_per_party_yen = describe(std::move(spend));
  cx.panel_lead_time_min = describe(std::move(lead));
  cx.freshness_m = describe(std::move(fresh));
  cx.plates_per_person =
      cx.customers == 0 ? 0.0 : static_cast<double>(plates) / static_cast<double>(cx.customers);
  cx.found_on_belt_share = found + ordered == 0
                               ? 0.0
                               : static_cast<double>(found) / static_cast<double>(found + ordered);
  return cx;
}

}  // namespace kaiten
