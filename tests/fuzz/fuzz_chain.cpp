// Chain YAML (docs/chain.md): load_chain_text() on any bytes, without opening the stores'
// scenario files. Invariants: a chain or errors, never both, never neither, and never a throw;
// every error names the file and, but for an empty file, a line and column; a chain's stores
// refer to regions and centres that exist, with unique ids.
#include <set>

#include "fuzz_support.hpp"
#include "kaiten/io/chain_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kaiten;
  const ChainLoadResult loaded =
      load_chain_text(fuzz::as_text(data, size), "fuzz/chain.yaml", /*load_scenarios=*/false);
  if (!loaded.ok()) {
    KAITEN_FUZZ_CHECK(!loaded.errors.empty(), "no chain and no error");
    for (const LoadError& e : loaded.errors) {
      KAITEN_FUZZ_CHECK(e.file == "fuzz/chain.yaml" && !e.message.empty(), e.to_string());
      KAITEN_FUZZ_CHECK((e.line > 0 && e.column > 0) || e.message.starts_with("the chain file is "),
                        e.to_string());
    }
    return 0;
  }
  KAITEN_FUZZ_CHECK(loaded.errors.empty(), loaded.errors.front().to_string());
  const ChainDef& chain = *loaded.chain;
  KAITEN_FUZZ_CHECK(!chain.stores.empty(), "a chain without stores");
  std::set<std::string> ids;
  for (const ChainStoreDef& s : chain.stores) {
    KAITEN_FUZZ_CHECK(ids.insert(s.id).second, "store " + s.id + " twice");
    KAITEN_FUZZ_CHECK(
        s.region_index < chain.regions.size() && chain.regions[s.region_index].id == s.region,
        "store " + s.id + ": region " + s.region);
    KAITEN_FUZZ_CHECK(
        s.centre_index < chain.centres.size() && chain.centres[s.centre_index].id == s.centre,
        "store " + s.id + ": centre " + s.centre);
    KAITEN_FUZZ_CHECK(s.demand_scale > 0 && !s.scenario.empty(), "store " + s.id);
  }
  return 0;
}
