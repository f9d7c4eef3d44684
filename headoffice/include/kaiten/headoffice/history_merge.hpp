#pragma once
// Merging sales histories written separately (one per rank or per node of a chain batch) into one
// (docs/chain.md, "Shards and merge"). Each shard goes in by one transaction: an interruption
// leaves the output without that shard or with all of it, and merging a shard again adds nothing.
#include <cstdint>
#include <string>

#include "kaiten/headoffice/history.hpp"

namespace kaiten::headoffice {

/// Two histories disagree: the same store registered differently, or the same store-day (or a
/// store's catalogue, calendar day or population) with different rows. Nothing of the shard is
/// merged.
struct HistoryConflict : HistoryError {
  using HistoryError::HistoryError;
};

/// What one shard brought.
struct MergeCount {
  std::int64_t stores_added = 0;  ///< stores the output did not have
  std::int64_t days_added = 0;    ///< store-days the output did not have
  std::int64_t days_known = 0;    ///< store-days it already had, with the same rows
};

/// Merges the history `shard` into `out` (created if missing, migrated if older) in one
/// transaction. Every table's rows: stores registered once; a store's catalogue, population
/// members and population state taken whole from the first history that has them; a store-day
/// with its sales, hours, stock and lots, and its population day. A shard of an older schema
/// version is read as it is (the tables it lacks hold nothing); a newer one, or a file that is
/// not a history, throws HistoryError. Identical rows in both are fine; different ones throw
/// HistoryConflict naming the table, store and day. `out` and `shard` must be different files.
MergeCount merge_history(const std::string& out, const std::string& shard);

}  // namespace kaiten::headoffice
