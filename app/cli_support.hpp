#pragma once
// The command-line contract shared by kaiten and kaiten-view: every option error exits 2 with
// CLI11's message, --help and --version exit 0, seeds are checked as the YAML `seed` key is, and
// no exception ever escapes to abort the process.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kaiten/core/text.hpp"

namespace kaiten::app {

/// Parses the command line. nullopt: go on; otherwise the exit code, after CLI11 has printed the
/// help, the version or the error: 0 for --help and --version, 2 for any error.
inline std::optional<int> parse_command_line(CLI::App& cli, int argc, char** argv) {
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

/// --seed: a whole number 0..2^64-1 in decimal digits, as the scenario's `seed` key. CLI11 alone
/// would wrap "-1" and read "1e23" or "true".
inline CLI::Validator seed_check() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
          return fmt::format("expected an integer in 0..{}, got \"{}\"",
                             std::numeric_limits<std::uint64_t>::max(), one_line(text));
        return {};
      },
      "UINT64");
}

/// Runs `command` (named as the user typed it, e.g. "history import"; empty: the whole program)
/// and returns its exit code.
/// An exception that escapes it is reported on one line and gives exit 1. The environment
/// variable KAITEN_TEST_THROW set to the command's name makes it throw here, so the tests can see
/// this handler at work for every command.
template <class Command>
int run_guarded(std::string_view program, std::string_view name, Command&& command) {
  const std::string who = name.empty() ? std::string(program) : fmt::format("{} {}", program, name);
  try {
    const char* hook = std::getenv("KAITEN_TEST_THROW");
    if (hook != nullptr && !name.empty() && std::string_view(hook) == name)
      throw std::runtime_error("KAITEN_TEST_THROW test exception");
    return command();
  } catch (const std::exception& e) {
    // fputs, not fmt::print: nothing in a handler may throw again.
    std::fputs(fmt::format("{}: unexpected error: {}\n", who, one_line(e.what())).c_str(), stderr);
  } catch (...) {
    std::fputs(fmt::format("{}: unexpected error (not a standard exception)\n", who).c_str(),
               stderr);
  }
  return 1;
}

}  // namespace kaiten::app
