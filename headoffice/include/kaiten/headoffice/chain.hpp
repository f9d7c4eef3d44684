#pragma once
// What a chain batch adds to a store's batch (docs/chain.md): the regional demand shock that the
// stores of one region share on a day, each store's batch seed derived from the chain's, and one
// store-day's record as bytes, for a simulating MPI rank to send to the rank writing the history.
#include <cstdint>
#include <string>
#include <string_view>

#include "kaiten/headoffice/date.hpp"
#include "kaiten/headoffice/history.hpp"

namespace kaiten::headoffice {

/// Terms of the moving average that makes the regional shock persist (weights phi^k, k < this).
inline constexpr int kRegionShockTerms = 32;

/// The log arrival shock of `region` on `date`: normal, mean 0, standard deviation `sd`, with
/// correlation about `persistence`^k between days k apart (an AR(1) truncated to
/// kRegionShockTerms innovations, rescaled to exactly `sd`). Each day's innovation is drawn from
/// (chain seed, region id, date) alone, so the value depends on nothing else: not on the batch's
/// first day, the store, the order of evaluation or the number of processes. 0 when `sd` is 0.
double regional_shock(std::uint64_t chain_seed, std::string_view region, Date date, double sd,
                      double persistence = 0.0);

/// A store's batch seed when the chain file gives none: SplitMix64 over (chain seed, store id).
std::uint64_t chain_store_seed(std::uint64_t chain_seed, std::string_view store);

/// A failure to read a day record from bytes (truncated or malformed).
struct RecordCodecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// `day` as bytes: every field, fixed-width little-endian numbers, length-prefixed strings.
/// decode_day_record(encode_day_record(d)) == d field for field (doubles bit for bit).
std::string encode_day_record(const DayRecord& day);
/// Throws RecordCodecError when `bytes` is not exactly one encoded record.
DayRecord decode_day_record(std::string_view bytes);

}  // namespace kaiten::headoffice
