#pragma once
// Loading a chain file (docs/chain.md): the stores of a restaurant chain, each a scenario file
// with overrides, in regions (holidays, a shared daily demand shock) and supplied by distribution
// centres. Validation is as strict as a scenario's: unknown and duplicate keys, bad values and
// dangling references are errors, every one reported in one pass as `file:line:col: path: message`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kaiten/core/scenario.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten {

/// What a centre pays for an ingredient, and what being short or left over costs it: each unset
/// value falls back to the stores' catalogue (docs/headoffice.md).
struct ChainCentreIngredient {
  std::string ingredient;
  std::optional<double> cost_yen_per_kg;
  std::optional<double> underage_yen_per_kg;
  std::optional<double> overage_yen_per_kg;
};

/// A distribution centre: how far ahead it orders, and its own ingredient costs. Used by
/// head-office purchasing (`kaiten forecast --chain`); a chain batch orders per store.
struct ChainCentreDef {
  std::string id;
  std::int32_t lead_days = 1;  ///< days from an order to its delivery at the stores
  /// Weekdays it delivers (0 = Monday), sorted, each once; empty: every day.
  std::vector<int> delivery_weekdays;
  std::vector<ChainCentreIngredient> ingredients;
};

/// A region: a calendar and weather shared by its stores.
struct ChainRegionDef {
  std::string id;
  std::vector<std::string> holidays;      ///< "YYYY-MM-DD", sorted, each once; added to stores'
  double demand_shock_sd = 0.0;           ///< sd of the region's daily log arrival shock
  double demand_shock_persistence = 0.0;  ///< its day-to-day correlation, in [0, 1)
};

/// One store: a scenario with overrides, in a region, supplied by a centre.
struct ChainStoreDef {
  std::string id;             ///< store id in the history
  std::string scenario;       ///< the scenario file as written (relative to the chain file)
  std::string scenario_path;  ///< the file opened: `scenario` resolved against the chain file
  std::vector<ScenarioOverride> overrides;  ///< applied in file order, like `--set`
  double demand_scale = 1.0;                ///< customers.hourly_parties × this
  std::optional<std::uint64_t> seed;        ///< batch seed; unset: from the chain seed and id
  std::string region;
  std::string centre;
  std::size_t region_index = 0;  ///< into ChainDef::regions
  std::size_t centre_index = 0;  ///< into ChainDef::centres
};

struct ChainDef {
  std::string name;        ///< default: the chain file's stem
  std::uint64_t seed = 1;  ///< chain seed: regional shocks and store seeds derive from it
  std::vector<ChainStoreDef> stores;
  std::vector<ChainCentreDef> centres;
  std::vector<ChainRegionDef> regions;
};

/// A loaded chain: the file and every store's scenario (overrides, demand scale and region
/// holidays applied), or every error found (never both).
struct ChainLoadResult {
  std::optional<ChainDef> chain;
  std::vector<ScenarioDef> scenarios;  ///< one per store, in store order
  std::vector<LoadError> errors;

  bool ok() const { return chain.has_value(); }
};

/// Reads and validates chain YAML held in memory; `source_name` is used in errors, as the
/// default name, and to resolve the stores' scenario paths. With `load_scenarios`, each store's
/// scenario is loaded too: its own errors name its file; an override's problems name the chain
/// file at the override.
ChainLoadResult load_chain_text(std::string_view yaml, const std::string& source_name,
                                bool load_scenarios = true);

/// The same from the file at `path` (an unreadable file gives one error).
ChainLoadResult load_chain_file(const std::string& path, bool load_scenarios = true);

}  // namespace kaiten
