// The scenario key table (scenario_keys.hpp). Defaults are read from the ScenarioDef structs, so
// the reference cannot drift from the values a run uses; bounds are the ones the loader enforces.
#include "scenario_keys.hpp"
#include "scenario_key_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "kaiten/core/scenario.hpp"

namespace kaiten::schema {
namespace {

using keybuild::KeyBuilder;
using keybuild::Table;

void top_level(Table& t) {
  const ScenarioDef d;
  t.add("name", Kind::text, "display name of the scenario")
      .def_text("the file name without extension");
  t.add("seed", Kind::uint64,
        "seed of every random stream of the run; same scenario + seed → same results")
      .def(d.seed);
  t.add("hours", Kind::section, "opening hours").required();
  t.add("menu", Kind::list, "what the kitchen can make").required().items(1);
  t.add("belt", Kind::section, "belt speed, pitch, lanes and their points").required();
  t.add("discard", Kind::section, "freshness rule").def_text("all defaults");
  t.add("tables", Kind::list, "tables (counter seats, booths) and where they reach the belt")
      .required()
      .items(1);
  t.add("kitchen", Kind::section, "cooks, their shifts and prep time").def_text("all defaults");
  t.add("eating", Kind::section, "the stand-in for customers (used only without parties)")
      .def_text("all defaults");
  t.add("customers", Kind::section,
        "parties: arrivals, queue, appetite, choice, panel orders; present, even empty, it "
        "selects the parties model")
      .def_text("absent: the stand-in");
  t.add("controller", Kind::section, "the controller's policy and settings")
      .def_text("all defaults");
  t.add("faults", Kind::section, "sensor faults: missed and duplicate reads, reader outages")
      .def_text("no faults");
  t.add("calendar", Kind::section, "head office: public holidays").def_text("no holidays");
  t.add("demand", Kind::section, "head office: day-to-day variation of demand in a batch")
      .def_text("no variation");
  t.add("ingredients", Kind::list, "head office: ingredients bought by weight").def_text("none");
  t.add("stock", Kind::section, "head office: how a batch sets each day's opening stock")
      .def_text("unlimited stock");
  t.add("population", Kind::section,
        "a batch's customers as a population that persists across days (docs/loyalty.md)")
      .def_text("off: every day draws fresh strangers");

  t.add("hours.open", Kind::clock, "the belt starts and the kitchen starts producing").required();
  t.add("hours.close", Kind::clock, "the day ends; plates still on the belt are counted as such")
      .required()
      .note("later than `open`");
}

void menu(Table& t) {
  const MenuItem m;
  t.add("menu[].id", Kind::text, "key used in outputs, e.g. `maguro`")
      .required()
      .text(TextRule::lowercase_id)
      .note("unique");
  t.add("menu[].name", Kind::text, "display name").def_text("the id");
  t.add("menu[].price_yen", Kind::integer, "price per plate").in(0, 100'000).unit("yen").required();
  t.add("menu[].cost_yen", Kind::integer, "cost of goods per plate")
      .in(0, 100'000)
      .unit("yen")
      .required();
  t.add("menu[].popularity", Kind::number, "relative weight in the menu mix")
      .above(0)
      .def(m.popularity);
  t.add("menu[].discard_time_min", Kind::integer,
        "time-on-belt limit of this item under `rule: time` (ignored under the distance rule)")
      .in(1, 600)
      .unit("minutes")
      .def_text("the rule's `discard_time_min`");
  t.add("menu[].stock_plates", Kind::integer,
        "plates the day's ingredient stock allows; when they are used up the item is sold out: "
        "the kitchen skips it and panel orders for it fail")
      .in(0, 1'000'000)
      .unit("plates")
      .def_text("unlimited");
  t.add("menu[].prep_s", Kind::number,
        "one cook's time to make a plate of this item ([kitchen.md](kitchen.md)); not with "
        "`kitchen.rate_plates_per_min`")
      .above(0, 3600)
      .unit("seconds")
      .def_text("`kitchen.prep_s`")
      .note("whole milliseconds");
  t.add("menu[].recipe", Kind::name_map,
        "head office: grams of each ingredient per plate, e.g. `{rice: 30, salmon: 20}`; an item "
        "without one is not ordered and has no stock limit in batches")
      .above(0, 10'000)
      .unit("grams")
      .type("map ingredient → number")
      .def_text("none")
      .note("keys: ids of `ingredients`");
}

void belt(Table& t) {
  const BeltDef b;
  const ExpressLaneDef x;
  t.add("belt.speed_mm_s", Kind::integer, "belt speed at opening (80 mm/s = 4.8 m/min)")
      .in(1, 1000)
      .unit("mm/s")
      .def(b.speed_mm_s);
  t.add("belt.pitch_mm", Kind::integer,
        "slot pitch: one plate per slot (150 mm standard plate, 195 mm large)")
      .in(50, 500)
      .unit("mm")
      .def(b.pitch_mm);
  t.add("belt.speed_schedule", Kind::list, "speed changes during the day").def_text("empty");
  t.add("belt.lanes", Kind::list, "the belt loops").required().items(1).note("unique ids");
  t.add("belt.express_lanes", Kind::list, "straight express lanes for panel orders")
      .def_text("empty")
      .note("unique ids (shared with `lanes`)");

  t.add("belt.speed_schedule[].at", Kind::clock, "when the change happens")
      .required()
      .note("within `[open, close]`; strictly later than the previous entry");
  t.add("belt.speed_schedule[].speed_mm_s", Kind::integer, "new speed; `0` stops the belt")
      .in(0, 1000)
      .unit("mm/s")
      .required();

  t.add("belt.lanes[].id", Kind::text, "lane name, e.g. `A`")
      .required()
      .text(TextRule::non_empty)
      .note("unique among lanes");
  t.add("belt.lanes[].length_mm", Kind::integer, "length of the loop")
      .in(1, 10'000'000)
      .unit("mm")
      .required()
      .note("at least 10 × `pitch_mm`");
  t.add("belt.lanes[].points", Kind::list, "kitchen, readers and discard gates")
      .required()
      .items(1);
  t.add("belt.lanes[].closed", Kind::list,
        "when the lane is closed: nobody is seated at its tables and nothing is made for it "
        "([kitchen.md](kitchen.md))")
      .def_text("empty")
      .note("in order, not overlapping");
  t.add("belt.lanes[].points[].id", Kind::text, "e.g. `A-gate`")
      .required()
      .text(TextRule::non_empty)
      .note("unique among all points and tables");
  t.add("belt.lanes[].points[].kind", Kind::choice, "what is there")
      .required()
      .choices({"kitchen", "reader", "discard_gate"})
      .note("exactly one `kitchen` and at least one `discard_gate` per lane");
  t.add("belt.lanes[].points[].at_mm", Kind::integer, "position on the lane")
      .in(0, 10'000'000 - 1)
      .unit("mm")
      .required()
      .note("below the lane's `length_mm`");
  t.add("belt.lanes[].closed[].from", Kind::clock, "start of the closed window")
      .required()
      .note("within the opening hours");
  t.add("belt.lanes[].closed[].to", Kind::clock, "end of the closed window")
      .required()
      .note("later than `from`, within the opening hours");

  t.add("belt.express_lanes[].id", Kind::text, "e.g. `XA`")
      .required()
      .text(TextRule::non_empty)
      .note("unique among lanes and express lanes");
  t.add("belt.express_lanes[].length_mm", Kind::integer, "kitchen to its tables")
      .in(1, 1'000'000)
      .unit("mm")
      .required();
  t.add("belt.express_lanes[].speed_mm_s", Kind::integer,
        "the carrier's speed, out and back (an assumption: 1 m/s)")
      .in(1, 10'000)
      .unit("mm/s")
      .def(x.speed_mm_s);
  t.add("belt.express_lanes[].carriers", Kind::integer,
        "carriers on the lane, each one trip at a time")
      .in(1, 100)
      .def(x.carriers);
}

void discard_and_tables(Table& t) {
  const DiscardRule r;
  t.add("discard.rule", Kind::choice, "which limit applies")
      .choices({"distance", "time"})
      .def(to_string(r.kind));
  t.add("discard.discard_distance_m", Kind::number,
        "distance rule: a plate that has travelled this far uneaten is discarded at its next gate")
      .above(0, 100'000)
      .unit("metres")
      .def(static_cast<double>(r.distance_mm) / 1000.0)
      .note("a whole number of millimetres (at most 3 decimals)");
  t.add("discard.discard_time_min", Kind::integer,
        "time rule: default time on the belt; items may override it")
      .in(1, 600)
      .unit("minutes")
      .def(r.time_min);

  t.add("tables[].id", Kind::text, "table id, or the row's id prefix")
      .required()
      .text(TextRule::non_empty)
      .note("unique among all points and tables (after expansion)");
  t.add("tables[].lane", Kind::text, "the lane the table reaches")
      .required()
      .note("the id of a lane in `belt.lanes`");
  t.add("tables[].kind", Kind::choice, "counter seats or a booth")
      .required()
      .choices({"counter", "booth"});
  t.add("tables[].seats", Kind::integer, "seats per table").in(1, 12).required();
  t.add("tables[].express", Kind::text,
        "the express lane that brings this table's panel orders; without one they ride the "
        "loop on a marked stand")
      .def_text("none")
      .note("the id of an express lane");
  t.add("tables[].at_mm", Kind::integer, "position of the (first) table's reach zone on the lane")
      .in(0, 10'000'000 - 1)
      .unit("mm")
      .required()
      .note("below the lane's `length_mm`");
  t.add("tables[].count", Kind::integer, "number of tables in the row").in(1, 1000).def(1);
  t.add("tables[].spacing_mm", Kind::integer, "distance between neighbouring tables of the row")
      .in(1, 10'000'000)
      .unit("mm")
      .def_text("required when `count` > 1");
}

void kitchen_and_eating(Table& t) {
  const KitchenDef k;
  t.add("kitchen.max_backlog_plates", Kind::integer,
        "per lane: made plates waiting for a free slot; a plate made when this many wait is not "
        "placed")
      .in(1, 1000)
      .unit("plates")
      .def(k.max_backlog_plates);
  t.add("kitchen.rate_plates_per_min", Kind::number,
        "shorthand for a single station: one cook making a plate every 60 / rate seconds")
      .above(0, 1000)
      .unit("plates/min")
      .def_text("none")
      .note("not with `cooks`, `staff`, `prep_s` or `menu[].prep_s`");
  t.add("kitchen.cooks", Kind::integer, "cooks all day (unless `staff` is given)")
      .in(0, 1000)
      .unit("people")
      .def(k.cooks);
  t.add("kitchen.prep_s", Kind::number,
        "one cook's time per plate (items may override it with `menu[].prep_s`)")
      .above(0, 3600)
      .unit("seconds")
      .def(static_cast<double>(k.prep_ms) / 1000.0)
      .note("whole milliseconds");
  t.add("kitchen.staff", Kind::list, "cooks from a time of day on (shifts)")
      .items(1)
      .def_text("none")
      .note("at least one cook at some time");
  t.add("kitchen.staff[].from", Kind::clock, "the shift starts")
      .required()
      .note("the first at or before opening, each later than the previous, before closing");
  t.add("kitchen.staff[].cooks", Kind::integer, "cooks from then on")
      .in(0, 1000)
      .unit("people")
      .required();

  t.add("eating.take_probability_per_pass", Kind::number,
        "probability that a table takes a plate passing its reach zone")
      .in(0, 1)
      .def(EatingDef{}.take_probability_per_pass);
}

void customers(Table& t) {
  const CustomersDef c;
  const std::string p = "customers.";
  t.add(p + "model", Kind::choice, "which customer model runs")
      .choices({"parties", "stand_in"})
      .def_text("`parties` (section present)");
  std::vector<std::string> days;
  for (std::size_t d = 0; d < 7; ++d) days.emplace_back(to_string(static_cast<Weekday>(d)));
  t.add(p + "day_of_week", Kind::choice, "the simulated day; picks the weekday multiplier")
      .choices(days)
      .def(to_string(c.day));
  t.add(p + "holiday", Kind::boolean, "a public holiday: arrivals × `holiday_multiplier`")
      .def(c.holiday);
  t.add(p + "hourly_parties", Kind::hour_map,
        "base arrival rate from `H:00` to `H+1:00`; hours not listed are 0. A rate > 0 in an "
        "hour wholly outside the opening hours is an error. The parties model needs a rate > 0 "
        "in some hour between opening and the last entry")
      .in(0, 1000)
      .unit("parties/hour")
      .type("map hour → number")
      .def_text("every hour 0")
      .note("keys: hours 0..47, each once");
  t.add(p + "weekday_multiplier", Kind::section,
        "arrival-rate factor per day; days not listed keep their default")
      .type("map day → number")
      .def_text("see below");
  t.add(p + "holiday_multiplier", Kind::number, "extra arrival-rate factor on holidays")
      .above(0, 10)
      .def(c.holiday_multiplier);
  t.add(p + "last_entry_min", Kind::integer, "no arrivals this long before closing")
      .in(0, 1439)
      .unit("minutes")
      .def(c.last_entry_min)
      .note("below the opening minutes");
  std::string weights;
  for (double w : c.party_size_weights)
    weights += fmt::format("{}{}", weights.empty() ? "" : ", ", w);
  t.add(p + "party_size_weights", Kind::number_list,
        "entry k: relative frequency of parties of k+1 people. Every size with a weight > 0 must "
        "fit some table (`tables[].seats`)")
      .in(0, 1000)
      .items(1, 12)
      .type("list of numbers")
      .def_text(fmt::format("`[{}]`", weights))
      .note("1..12 entries, sum > 0");
  t.add(p + "child_share", Kind::number,
        "chance that a member after the first two adults is a child")
      .in(0, 1)
      .def(c.child_share);
  t.add(p + "men_share_of_adults", Kind::number, "chance that an adult is a man")
      .in(0, 1)
      .def(c.men_share_of_adults);
  t.add(p + "appetite", Kind::section, "plates per person, by men, women and children")
      .def_text("see below");
  t.add(p + "meal_min_mean", Kind::number,
        "mean meal length T of the intake curve; calibrated so that parties stay 45–60 min "
        "(data/calibration.yaml)")
      .in(10, 120)
      .unit("minutes")
      .def(c.meal_min_mean);
  t.add(p + "meal_min_sd", Kind::number, "its standard deviation")
      .in(0, 60)
      .unit("minutes")
      .def(c.meal_min_sd);
  t.add(p + "min_s_per_plate", Kind::integer, "shortest time between two plates of one member")
      .in(0, 600)
      .unit("seconds")
      .def(c.min_s_per_plate);
  t.add(p + "max_stay_min", Kind::integer,
        "a party leaves after this long at the table, satisfied or not")
      .in(10, 1440)
      .unit("minutes")
      .def(c.max_stay_min);
  t.add(p + "preference_sigma", Kind::number,
        "spread of a party's taste around the menu popularity (σ of the log-normal factor)")
      .in(0, 5)
      .def(c.preference_sigma);
  t.add(p + "child_favourites", Kind::text_list, "items that parties with children like more")
      .type("list of item ids")
      .def_text("empty")
      .note("ids of `menu` items, each once");
  t.add(p + "child_favourite_boost", Kind::number,
        "preference factor of `child_favourites` in parties with children")
      .above(0, 100)
      .def(c.child_favourite_boost);
  t.add(p + "opportunistic_take", Kind::number,
        "chance that a hungry member takes a passing plate that is not their wish, for the "
        "party's best-liked item; other items proportionally to their weight")
      .in(0, 1)
      .def(c.opportunistic_take);
  t.add(p + "freshness", Kind::section, "how a plate's age puts diners off").def_text("see below");
  t.add(p + "order_patience_s", Kind::integer,
        "a wish not seen on the belt for this long is ordered on the touch panel")
      .in(0, 3600)
      .unit("seconds")
      .def(c.order_patience_s);
  t.add(p + "ordered_only", Kind::boolean, "no free-running plates: every plate is ordered")
      .def(c.ordered_only);
  t.add(p + "seating", Kind::choice, "how waiting parties are given tables")
      .choices({"balanced", "first_fit"})
      .def(c.seating == SeatingPolicy::balanced ? "balanced" : "first_fit");
  t.add(p + "max_queue_parties", Kind::integer,
        "arriving parties always balk when this many are waiting")
      .in(1, 1000)
      .unit("parties")
      .def(c.max_queue_parties);
  t.add(p + "balk_from_parties", Kind::integer,
        "from this many waiting, some arriving parties balk (rising linearly to all at "
        "`max_queue_parties`)")
      .in(0, 1000)
      .unit("parties")
      .def_text("`max_queue_parties`")
      .note("at most `max_queue_parties`");
  t.add(p + "patience_min_mean", Kind::number,
        "mean queue patience (exponential); then the party reneges")
      .above(0, 600)
      .unit("minutes")
      .def(c.patience_min_mean);
  t.add(p + "pay_s", Kind::integer, "from the last member satisfied to leaving the table")
      .in(0, 3600)
      .unit("seconds")
      .def(c.pay_s);
  t.add(p + "cleaning_s", Kind::integer, "table cleaning before the next party")
      .in(0, 3600)
      .unit("seconds")
      .def(c.cleaning_s);
  t.add(p + "exponential_stay_min", Kind::number,
        "for queueing checks only: time at the table is exponential with this mean, whatever "
        "the appetite")
      .above(0, 600)
      .unit("minutes")
      .def_text("unset");

  for (std::size_t d = 0; d < 7; ++d)
    t.add(p + "weekday_multiplier." + days[d], Kind::number,
          fmt::format("arrival-rate factor on {}", days[d]))
        .above(0, 10)
        .def(c.weekday_multiplier[d]);

  const std::pair<const char*, const AppetiteDef*> groups[] = {
      {"men", &c.men}, {"women", &c.women}, {"children", &c.children}};
  for (const auto& [group, appetite] : groups)
    t.add(p + "appetite." + group, Kind::section, fmt::format("plates per person: {}", group))
        .def_text("see below");
  for (const auto& [group, appetite] : groups) {
    t.add(p + "appetite." + group + ".mean_plates", Kind::number,
          "mean plates per person in a meal")
        .above(0, 100)
        .unit("plates")
        .def(appetite->mean_plates);
    t.add(p + "appetite." + group + ".sd_plates", Kind::number,
          "standard deviation (the draw is at least one plate)")
        .in(0, 100)
        .unit("plates")
        .def(appetite->sd_plates);
  }

  t.add(p + "freshness.full_appeal_min", Kind::number,
        "a plate appeals fully this long after it was made")
      .in(0, 1440)
      .unit("minutes")
      .def(c.freshness.full_appeal_min);
  t.add(p + "freshness.half_life_min", Kind::number,
        "then its appeal halves every this many minutes (`0`: never declines)")
      .in(0, 1440)
      .unit("minutes")
      .def(c.freshness.half_life_min);
  t.add(p + "freshness.tired_min", Kind::number,
        "a plate older than this looks tired; eating one is counted")
      .in(0, 1440)
      .unit("minutes")
      .def(c.freshness.tired_min);
}

void controller_and_faults(Table& t) {
  const ControllerDef c;
  const FaultsDef f;
  const std::string p = "controller.";
  t.add(p + "policy", Kind::choice, "production policy")
      .choices({"manager", "predictive", "fixed_mix"})
      .def(to_string(c.policy));
  t.add(p + "tick_s", Kind::integer, "planning and publishing cadence")
      .in(1, 3600)
      .unit("seconds")
      .def(c.tick_s);
  t.add(p + "top_n", Kind::integer, "size of the live top-sellers list")
      .in(1, 100)
      .unit("items")
      .def(c.top_n);
  t.add(p + "window_min", Kind::integer,
        "sliding window of the live top sellers and the recent item mix")
      .in(1, 240)
      .unit("minutes")
      .def(c.window_min);
  t.add(p + "min_plates_per_lane", Kind::integer,
        "`predictive`: floor of plates kept on each lane where someone sits")
      .in(0, 1000)
      .unit("plates")
      .def(c.min_plates_per_lane);
  t.add(p + "cover_min", Kind::integer,
        "`predictive`: how far ahead production covers forecast demand")
      .in(1, 120)
      .unit("minutes")
      .def(c.cover_min);
  t.add(p + "repeat_discount", Kind::number,
        "`predictive`: the value a further copy of an item keeps when copies already pass on the "
        "lane; 1 copies the item mix (docs/controller.md, tuning)")
      .above(0, 1)
      .def(c.repeat_discount);
  t.add(p + "missed_reads_to_infer", Kind::integer,
        "a plate not read where expected this many times in a row is taken as eaten")
      .in(1, 10)
      .unit("reads")
      .def(c.missed_reads_to_infer);
  t.add(p + "fixed_rate_plates_per_min", Kind::number, "`fixed_mix`: the constant rate")
      .above(0, 1000)
      .unit("plates/min")
      .def_text("the kitchen's capacity");
  t.add(p + "manager_plan", Kind::hour_map,
        "`manager`: plates per minute to make from `H:00` to `H+1:00`; hours not listed make "
        "none")
      .in(0, 1000)
      .unit("plates/min")
      .type("map hour → number")
      .def_text("derived from the expected demand")
      .note("keys: hours 0..47, each once; none > 0 outside the opening hours");
  t.add(p + "manager_margin", Kind::number,
        "`manager`: the derived plan is the expected demand × (1 + margin); ignored with "
        "`manager_plan`")
      .in(-0.9, 10)
      .def(c.manager_margin);
  t.add(p + "stock_idle_lanes", Kind::boolean,
        "`predictive`: keep the floor on open lanes where nobody sits too")
      .def(c.stock_idle_lanes);

  t.add("faults.missed_read_rate", Kind::number, "each tag read is lost with this probability")
      .in(0, 0.5)
      .def(f.missed_read_rate);
  t.add("faults.duplicate_read_rate", Kind::number,
        "each tag read is sent twice with this probability")
      .in(0, 0.5)
      .def(f.duplicate_read_rate);
  t.add("faults.reader_outages", Kind::list, "readers that report nothing for a while")
      .def_text("empty");
  t.add("faults.reader_outages[].reader", Kind::text, "the reader that is out")
      .required()
      .note("the id of a `reader` point in `belt.lanes`");
  t.add("faults.reader_outages[].from", Kind::clock, "start of the outage")
      .required()
      .note("within `[open, close]`");
  t.add("faults.reader_outages[].to", Kind::clock, "end of the outage")
      .required()
      .note("within `[open, close]`, later than `from`");
}

void head_office(Table& t) {
  const DemandDef d;
  const StockDef s;
  const IngredientDef i;
  t.add("calendar.holidays", Kind::date_list,
        "public holidays: on these days a batch sets `customers.holiday` (arrivals × "
        "`holiday_multiplier`)")
      .type("list of dates")
      .def_text("empty")
      .note("`YYYY-MM-DD`, real dates, each once (any order)");
  t.add("demand.popularity_drift_sd", Kind::number,
        "each item's log popularity is a random walk with this standard deviation per day (0 on "
        "the batch's first day): slow changes of taste")
      .in(0, 1)
      .unit("per day")
      .def(d.popularity_drift_sd);
  t.add("demand.shock_sd", Kind::number,
        "day-level shock to arrivals (weather and the like): every hourly rate × exp(s − "
        "shock_sd²/2), s with this standard deviation (mean factor 1)")
      .in(0, 2)
      .def(d.shock_sd);
  t.add("demand.shock_persistence", Kind::number,
        "lag-1 correlation of s from one day to the next (AR(1): s = φ s₋₁ + √(1−φ²) shock_sd ε)")
      .in(0, 0.99)
      .def(d.shock_persistence);
  t.add("ingredients[].id", Kind::text, "key used in recipes, orders and outputs")
      .required()
      .text(TextRule::lowercase_id)
      .note("unique");
  t.add("ingredients[].name", Kind::text, "display name").def_text("the id");
  t.add("ingredients[].cost_yen_per_kg", Kind::number, "purchase price")
      .in(0, 1e6)
      .unit("yen/kg")
      .required();
  t.add("ingredients[].shelf_life_days", Kind::integer,
        "a delivery can be used on this many days (the delivery day included), then what is "
        "left expires")
      .in(1, 365)
      .unit("days")
      .def(i.shelf_life_days);
  t.add("ingredients[].underage_yen_per_kg", Kind::number,
        "newsvendor cost of a kilogram short; unset: the margin a kilogram would have earned "
        "(see headoffice.md)")
      .above(0, 1e7)
      .unit("yen/kg")
      .def_text("derived");
  t.add("ingredients[].overage_yen_per_kg", Kind::number,
        "newsvendor cost of a kilogram left over; unset: `cost_yen_per_kg / shelf_life_days`")
      .above(0, 1e7)
      .unit("yen/kg")
      .def_text("derived");
  t.add("stock.policy", Kind::choice,
        "`unlimited`: no stock limit; `fixed`: every morning each ingredient is brought up to "
        "its level in `fixed_orders_g`; `forecast`: the previous night's newsvendor orders from "
        "the sales history")
      .choices({"unlimited", "fixed", "forecast"})
      .def(s.policy == StockPolicy::unlimited ? "unlimited"
           : s.policy == StockPolicy::fixed   ? "fixed"
                                              : "forecast");
  t.add("stock.fixed_orders_g", Kind::name_map,
        "`fixed`: the level (par stock) per ingredient; `forecast`: used until the history holds "
        "`warmup_days` days. `policy: fixed` needs one for every ingredient a recipe uses")
      .in(0, 1e9)
      .unit("grams")
      .type("map ingredient → number")
      .def_text("empty")
      .note("keys: ingredient ids");
  t.add("stock.warmup_days", Kind::integer,
        "`forecast`: days of history needed before forecasts replace the fixed levels (without "
        "fixed levels: unlimited stock until then)")
      .in(0, 365)
      .unit("days")
      .def(s.warmup_days);
}

std::vector<Key> build() {
  Table t;
  top_level(t);
  menu(t);
  belt(t);
  discard_and_tables(t);
  kitchen_and_eating(t);
  customers(t);
  controller_and_faults(t);
  head_office(t);
  keybuild::population(t);
  return t.take();
}

}  // namespace

const std::vector<Key>& keys() {
  static const std::vector<Key> table = build();
  return table;
}

const Key* find_key(std::string_view pattern) {
  const std::vector<Key>& all = keys();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const Key& k) { return k.path == pattern; });
  return it == all.end() ? nullptr : &*it;
}

std::string pattern_of(std::string_view path) {
  std::string out;
  bool in_index = false;
  for (const char c : path) {
    if (c == '[') {
      out += "[]";
      in_index = true;
    } else if (c == ']') {
      in_index = false;
    } else if (!in_index) {
      out += c;
    }
  }
  return out;
}

std::string child_path(std::string_view parent, std::string_view name) {
  return parent.empty() ? std::string(name) : fmt::format("{}.{}", parent, name);
}

}  // namespace kaiten::schema
