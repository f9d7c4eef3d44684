#pragma once
// The controller's outputs as text: pure functions of a ControllerReport, so the same feed gives
// the same bytes. `kaiten control` writes them; docs/controller.md describes every column.
#include <string>

#include "kaiten/controller/controller.hpp"

namespace kaiten {

/// controller_summary.json: totals, tracking statistics, sales per item, the day's top sellers,
/// forecast accuracy beside the baselines, and the learned appetite curve.
std::string controller_summary_json(const ControllerReport& report);
/// timeline.csv: one row per clock tick: counts, forecasts, actuals and baselines.
std::string timeline_csv(const ControllerReport& report);
/// forecast_items.csv: one row per tick and item: forecast and actual for both horizons.
std::string forecast_items_csv(const ControllerReport& report);
/// top_sellers.csv: one row per tick, list (day/window by plates/revenue) and rank.
std::string top_sellers_csv(const ControllerReport& report);
/// decisions.csv: every command, in the order sent.
std::string decisions_csv(const ControllerReport& report);
/// sales.csv: one row per menu item: made, sold, discarded, revenue.
std::string sales_csv(const ControllerReport& report);

}  // namespace kaiten
