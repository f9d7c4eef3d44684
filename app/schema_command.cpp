// `kaiten schema`: the scenario key table as Markdown (docs/scenario.md's reference tables) or
// as JSON Schema for editors and validators.
#include <fmt/format.h>

#include "commands.hpp"
#include "kaiten/io/scenario_schema.hpp"

namespace kaiten::app {

int schema_command(const SchemaOptions& options) {
  fmt::print("{}", options.json ? scenario_json_schema() : scenario_schema_markdown());
  return kExitOk;
}

}  // namespace kaiten::app
