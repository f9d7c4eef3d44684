// The chain file: strict like a scenario, every problem at file:line:col with its key path
// (docs/chain.md).
#include "kaiten/io/chain_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace kaiten {
namespace {

// A chain "in" scenarios/, so that "tiny.yaml" resolves to scenarios/tiny.yaml.
const std::string kSource =
    (std::filesystem::path(KAITEN_SOURCE_DIR) / "scenarios" / "test_chain.yaml").string();

const char* const kGood = R"(name: test
seed: 5
regions:
  - {id: east, holidays: [2025-01-01], demand_shock_sd: 0.08, demand_shock_persistence: 0.3}
  - {id: west}
centres:
  - id: dc1
    lead_days: 2
    delivery_days: [fri, mon, fri]
    ingredients: {salmon: {cost_yen_per_kg: 2300, underage_yen_per_kg: 5000}, rice: {overage_yen_per_kg: 20}}
stores:
  - {id: s1, scenario: tiny.yaml, region: east, centre: dc1}
  - id: s2
    scenario: tiny.yaml
    region: west
    centre: dc1
    demand_scale: 1.5
    seed: 99
    overrides: {belt.speed_mm_s: 75, "calendar.holidays": [2025-02-01]}
)";

std::string errors_of(const ChainLoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

TEST(ChainLoader, ReadsEveryKey) {
  const ChainLoadResult r = load_chain_text(kGood, kSource);
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const ChainDef& c = *r.chain;
  EXPECT_EQ(c.name, "test");
  EXPECT_EQ(c.seed, 5U);
  ASSERT_EQ(c.regions.size(), 2U);
  EXPECT_EQ(c.regions[0].holidays, std::vector<std::string>{"2025-01-01"});
  EXPECT_DOUBLE_EQ(c.regions[0].demand_shock_sd, 0.08);
  EXPECT_DOUBLE_EQ(c.regions[0].demand_shock_persistence, 0.3);
  EXPECT_DOUBLE_EQ(c.regions[1].demand_shock_sd, 0.0);
  ASSERT_EQ(c.centres.size(), 1U);
  EXPECT_EQ(c.centres[0].lead_days, 2);
  EXPECT_EQ(c.centres[0].delivery_weekdays, (std::vector<int>{0, 4}));  // sorted, each once
  ASSERT_EQ(c.centres[0].ingredients.size(), 2U);
  EXPECT_EQ(c.centres[0].ingredients[0].ingredient, "salmon");
  EXPECT_EQ(c.centres[0].ingredients[0].cost_yen_per_kg, 2300.0);
  EXPECT_EQ(c.centres[0].ingredients[0].underage_yen_per_kg, 5000.0);
  EXPECT_FALSE(c.centres[0].ingredients[0].overage_yen_per_kg.has_value());
  EXPECT_EQ(c.centres[0].ingredients[1].overage_yen_per_kg, 20.0);
  ASSERT_EQ(c.stores.size(), 2U);
  EXPECT_EQ(c.stores[1].region_index, 1U);
  EXPECT_EQ(c.stores[1].seed, 99U);
  EXPECT_FALSE(c.stores[0].seed.has_value());
  EXPECT_EQ(c.stores[1].scenario_path,
            (std::filesystem::path(KAITEN_SOURCE_DIR) / "scenarios" / "tiny.yaml")
                .lexically_normal()
                .string());
  ASSERT_EQ(c.stores[1].overrides.size(), 2U);
  EXPECT_EQ(c.stores[1].overrides[0].text(), "belt.speed_mm_s=75");
  ASSERT_EQ(r.scenarios.size(), 2U);
  EXPECT_EQ(r.scenarios[1].belt.speed_mm_s, 75);
  // Demand scale on arrivals; the region's holidays added to the scenario's own.
  for (std::size_t h = 0; h < r.scenarios[0].customers.hourly_parties.size(); ++h)
    EXPECT_DOUBLE_EQ(r.scenarios[1].customers.hourly_parties[h],
                     1.5 * r.scenarios[0].customers.hourly_parties[h]);
  EXPECT_EQ(r.scenarios[0].calendar.holidays, std::vector<std::string>{"2025-01-01"});
  EXPECT_EQ(r.scenarios[1].calendar.holidays, std::vector<std::string>{"2025-02-01"});
}

TEST(ChainLoader, DefaultsTheNameToTheFileStem) {
  const ChainLoadResult r = load_chain_text(
      "regions: [{id: r}]\ncentres: [{id: c}]\nstores: [{id: s, scenario: tiny.yaml, region: r, "
      "centre: c}]\n",
      kSource);
  ASSERT_TRUE(r.ok()) << errors_of(r);
  EXPECT_EQ(r.chain->name, "test_chain");
  EXPECT_EQ(r.chain->seed, 1U);
  EXPECT_EQ(r.chain->centres[0].lead_days, 1);
  EXPECT_DOUBLE_EQ(r.chain->stores[0].demand_scale, 1.0);
}

struct BadCase {
  const char* what;
  std::string yaml;
  const char* expected;  ///< the whole first error: "file:line:col: path: message" after kSource
};

std::string base_with(const std::string& store_line, const std::string& extra = "") {
  return "regions:\n  - {id: east}\ncentres:\n  - {id: dc1}\nstores:\n" + store_line + extra;
}

TEST(ChainLoader, EveryErrorNamesFileLineColumnAndField) {
  const std::string ok_store = "  - {id: s1, scenario: tiny.yaml, region: east, centre: dc1}\n";
  const BadCase cases[] = {
      {"syntax", "regions: [\n", ":2:1: YAML syntax error"},
      {"not a map", "- 1\n", ":1:1: expected a map, got a list"},
      {"unknown top key", base_with(ok_store, "sotres: []\n"),
       ":7:1: sotres: unknown key \"sotres\"; did you mean \"stores\"?"},
      {"duplicate key", base_with(ok_store, "seed: 1\nseed: 2\n"),
       ":8:1: seed: duplicate key (first at line 7)"},
      {"bad seed", base_with(ok_store, "seed: -1\n"),
       ":7:7: seed: expected a non-negative integer below 2^64, got \"-1\""},
      {"missing stores", "regions: [{id: r}]\ncentres: [{id: c}]\n",
       ":1:1: stores: missing required key"},
      {"empty stores", base_with("  []\n"), ":6:3: stores: expected at least one store"},
      {"stores not a list", base_with("  {id: s}\n"), ":6:3: stores: expected a list, got a map"},
      {"store unknown key",
       base_with("  - {id: s1, scenario: tiny.yaml, region: east, centre: dc1, seats: 3}\n"),
       ":6:62: stores[0].seats: unknown key \"seats\""},
      {"store missing id", base_with("  - {scenario: tiny.yaml, region: east, centre: dc1}\n"),
       ":6:5: stores[0].id: missing required key"},
      {"bad store id",
       base_with("  - {id: 's 1', scenario: tiny.yaml, region: east, centre: dc1}\n"),
       ":6:10: stores[0].id: expected an id"},
      {"duplicate store", base_with(ok_store, ok_store),
       ":7:10: stores[1].id: duplicate store id \"s1\" (first at line 6)"},
      {"unknown region",
       base_with("  - {id: s1, scenario: tiny.yaml, region: eats, centre: dc1}\n"),
       ":6:43: stores[0].region: no region \"eats\" in the chain; did you mean \"east\"?"},
      {"unknown centre",
       base_with("  - {id: s1, scenario: tiny.yaml, region: east, centre: dc9}\n"),
       ":6:57: stores[0].centre: no centre \"dc9\" in the chain; did you mean \"dc1\"?"},
      {"missing scenario file",
       base_with("  - {id: s1, scenario: nothere.yaml, region: east, centre: dc1}\n"),
       ":6:24: stores[0].scenario: "},
      {"bad demand scale",
       base_with("  - {id: s1, scenario: tiny.yaml, region: east, centre: dc1, demand_scale: x}\n"),
       ":6:76: stores[0].demand_scale: expected a number, got \"x\""},
      {"override of no key",
       base_with("  - {id: s1, scenario: tiny.yaml, region: east, centre: dc1, overrides: "
                 "{belt.sped_mm_s: 3}}\n"),
       ":6:74: stores[0].overrides.belt.sped_mm_s: no scenario key belt.sped_mm_s; did you mean "
       "belt.speed_mm_s?"},
      {"override bad value",
       base_with("  - {id: s1, scenario: tiny.yaml, region: east, centre: dc1, overrides: "
                 "{belt.speed_mm_s: -3}}\n"),
       ":6:91: stores[0].overrides.belt.speed_mm_s: must be in 1..1000, got -3"},
      {"bad holiday", "regions:\n  - {id: east, holidays: [2025-02-30]}\n",
       ":2:27: regions[0].holidays[0]: expected a date YYYY-MM-DD, got \"2025-02-30\""},
      {"bad shock sd", "regions:\n  - {id: east, demand_shock_sd: 2}\n",
       ":2:33: regions[0].demand_shock_sd: expected a number from 0 to 1, got 2"},
      {"persistence 1", "regions:\n  - {id: east, demand_shock_persistence: 1}\n",
       ":2:42: regions[0].demand_shock_persistence: expected a number from 0 to below 1, got 1"},
      {"duplicate region", "regions:\n  - {id: east}\n  - {id: east}\n",
       ":3:10: regions[1].id: duplicate region id \"east\" (first at line 2)"},
      {"bad lead days", "centres:\n  - {id: dc1, lead_days: 99}\n",
       ":2:26: centres[0].lead_days: expected an integer from 0 to 60, got 99"},
      {"centre unknown key", "centres:\n  - {id: dc1, costs: {}}\n",
       ":2:15: centres[0].costs: unknown key \"costs\""},
      {"bad delivery day", "centres:\n  - {id: dc1, delivery_days: [mon, mo]}\n",
       ":2:36: centres[0].delivery_days[1]: expected a weekday mon, tue, wed, thu, fri, sat or "
       "sun, "
       "got \"mo\""},
      {"centre ingredient unknown key",
       "centres:\n  - {id: dc1, ingredients: {rice: {cost_per_kg: 3}}}\n",
       ":2:36: centres[0].ingredients.rice.cost_per_kg: unknown key \"cost_per_kg\""},
      {"centre ingredient zero cost",
       "centres:\n  - {id: dc1, ingredients: {rice: {overage_yen_per_kg: 0}}}\n",
       ":2:56: centres[0].ingredients.rice.overage_yen_per_kg: expected a number above 0, got 0"},
  };
  for (const BadCase& c : cases) {
    const ChainLoadResult r = load_chain_text(c.yaml, kSource);
    EXPECT_FALSE(r.ok()) << c.what;
    ASSERT_FALSE(r.errors.empty()) << c.what;
    EXPECT_TRUE(r.scenarios.empty()) << c.what;
    for (const LoadError& e : r.errors) {
      EXPECT_EQ(e.file, kSource) << c.what << ": " << e.to_string();
      EXPECT_GT(e.line, 0) << c.what << ": " << e.to_string();
      EXPECT_GT(e.column, 0) << c.what << ": " << e.to_string();
    }
    // The case's own error among them (a partial file also lacks required sections).
    const bool found = std::any_of(r.errors.begin(), r.errors.end(), [&](const LoadError& e) {
      return e.to_string().rfind(kSource + c.expected, 0) == 0;
    });
    EXPECT_TRUE(found) << c.what << "\n  got:      " << r.errors.front().to_string()
                       << "\n  expected: " << kSource << c.expected;
  }
}

TEST(ChainLoader, ReportsEveryErrorInOnePass) {
  const ChainLoadResult r = load_chain_text(
      "regions:\n  - {id: east, demand_shock_sd: -1}\ncentres:\n  - {id: dc1, lead_days: x}\n"
      "stores:\n  - {id: s1, scenario: tiny.yaml, region: west, centre: dc1, colour: red}\n",
      kSource);
  EXPECT_EQ(r.errors.size(), 4U) << errors_of(r);
}

TEST(ChainLoader, AnUnreadableFileIsOneError) {
  const ChainLoadResult r = load_chain_file("/nonexistent/chain.yaml");
  ASSERT_EQ(r.errors.size(), 1U);
  EXPECT_EQ(r.errors[0].file, "/nonexistent/chain.yaml");
}

TEST(ChainLoader, TheBundledChainsLoad) {
  for (const char* name : {"chain.yaml", "chain_small.yaml"}) {
    const ChainLoadResult r = load_chain_file(
        (std::filesystem::path(KAITEN_SOURCE_DIR) / "scenarios" / "chains" / name).string());
    EXPECT_TRUE(r.ok()) << name << "\n" << errors_of(r);
  }
}

}  // namespace
}  // namespace kaiten
