#pragma once
// What the libFuzzer harnesses share (docs/fuzzing.md): invariant checks that abort with a
// message (libFuzzer then saves the input as a crash), the input as text, a scratch file for
// readers that take a path, and the cap on simulation work per input.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "kaiten/core/scenario.hpp"
#include "kaiten/sim/day.hpp"

namespace kaiten::fuzz {

/// Prints "invariant failed: ..." and aborts, so that libFuzzer records the input as a crash.
[[noreturn]] void invariant_failed(const char* condition, const char* file, int line,
                                   const std::string& detail);

/// The bytes libFuzzer hands over, as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// A file named `name` private to this process (fuzzing workers are separate processes), removed
/// at exit.
std::filesystem::path scratch_path(std::string_view name);
/// Writes `bytes` to scratch_path(name) and returns that path.
std::filesystem::path write_scratch(std::string_view name, std::string_view bytes);

/// Why a scenario is not simulated: empty when it is small enough (see simulation_cap_note).
std::string too_big_to_simulate(const ScenarioDef& def);

/// One day of `def` run by the scenario's controller, as `kaiten run` runs it, stopped after
/// kMaxSimulatedEvents ground-truth events plus sensor messages (then `finished` is false).
struct CappedDay {
  bool finished = false;
  DayResult day;
  std::int64_t controller_gap = 0;  ///< the controller's conservation_gap() where the run ended
};
CappedDay simulate_capped(const ScenarioDef& def, std::uint64_t seed);

/// The per-input work cap (docs/fuzzing.md): a scenario is simulated only if it has at most
/// this many open lane-hours, controller ticks, parties expected and plate passes at points
/// possible; the run stops after kMaxSimulatedEvents ground-truth events plus sensor messages.
inline constexpr double kMaxLaneHours = 2.0;
inline constexpr double kMaxTicks = 2000.0;
inline constexpr double kMaxExpectedParties = 200.0;
inline constexpr double kMaxPlatePasses = 2e6;
inline constexpr std::int64_t kMaxSimulatedEvents = 200'000;

}  // namespace kaiten::fuzz

/// Checks an invariant; on failure prints the condition, where, and a detail string, and aborts.
#define KAITEN_FUZZ_CHECK(condition, detail)                                                      \
  do {                                                                                            \
    if (!(condition)) ::kaiten::fuzz::invariant_failed(#condition, __FILE__, __LINE__, (detail)); \
  } while (false)
