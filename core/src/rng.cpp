#include "kaiten/core/rng.hpp"

namespace kaiten {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::mt19937_64 make_stream(std::uint64_t seed, RngStream stream) {
  return std::mt19937_64(splitmix64(splitmix64(seed) ^ static_cast<std::uint64_t>(stream)));
}

double uniform01(std::mt19937_64& gen) {
  return static_cast<double>(gen() >> 11) * 0x1.0p-53;
}

}  // namespace kaiten
