#pragma once
// Customer-experience measures of a day, each defined once here (docs/measures.md gives the same
// definitions for users). Computed from the parties' journeys, never invented scores.
#include <cstdint>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten {

/// Mean and nearest-rank percentiles of a sample (all 0 when it is empty).
struct Distribution {
  std::int64_t n = 0;
  double mean = 0;
  double p50 = 0;
  double p95 = 0;
};

/// Nearest-rank percentile: the smallest value with at least p% of the sample at or below it.
Distribution describe(std::vector<double> sample);

struct CustomerExperience {
  std::int64_t parties_arrived = 0;
  std::int64_t parties_seated = 0;
  std::int64_t parties_balked = 0;   ///< gave up on arrival: the queue was too long
  std::int64_t parties_reneged = 0;  ///< left the queue when their patience ran out
  std::int64_t parties_unserved_at_close = 0;
  std::int64_t customers = 0;      ///< people seated
  std::int64_t children = 0;       ///< children seated
  Distribution wait_min;           ///< arrival to seated, seated parties
  Distribution first_plate_min;    ///< seated to first plate, parties that ate
  Distribution time_seated_min;    ///< seated to leaving (or closing), seated parties
  double plates_per_person = 0;    ///< plates eaten / customers
  double found_on_belt_share = 0;  ///< plates taken from the belt / (taken + ordered and eaten)
  std::int64_t panel_orders = 0;
  Distribution panel_lead_time_min;  ///< order to plate eaten, eaten orders
  Distribution order_queue_min;      ///< of which: ordered to a cook starting it
  Distribution order_cook_min;       ///< of which: cooking
  Distribution order_delivery_min;   ///< of which: cooked to eaten (express lane or belt)
  std::int64_t failed_wishes = 0;    ///< wishes for an unavailable (sold-out) item
  Distribution freshness_m;          ///< distance travelled by eaten plates
  Distribution spend_per_party_yen;  ///< seated parties
};

CustomerExperience customer_experience(const DayResult& day);

}  // namespace kaiten
