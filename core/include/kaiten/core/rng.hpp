#pragma once
// One seeded random stream per source of randomness, so that changing how one source draws
// does not shift the others (common random numbers across policies and scenario variants).
#include <cstdint>
#include <random>

namespace kaiten {

/// Named sources of randomness. Append new sources at the end: the value feeds the stream seed.
enum class RngStream : std::uint32_t {
  kitchen = 1,
  eating = 2,
  arrivals = 3,
  parties = 4,
  appetite = 5,
  choice = 6,
  sensor_faults = 7,
  day_shocks = 8,
  controller = 9,
  queue = 10,       ///< whether arriving parties join a queue they can see
  population = 11,  ///< who of a customer population visits, and when (docs/loyalty.md)
};

/// SplitMix64 step: a well-mixed 64-bit value from any 64-bit input.
std::uint64_t splitmix64(std::uint64_t x);

/// A generator for one stream of one replication: std::mt19937_64, whose output sequence the C++
/// standard fixes, seeded from (run seed, stream). Draw with boost::random distributions, whose
/// algorithms do not vary between standard libraries.
std::mt19937_64 make_stream(std::uint64_t seed, RngStream stream);

/// A uniform double in [0, 1) from 53 random bits.
double uniform01(std::mt19937_64& gen);

}  // namespace kaiten
