#pragma once
// Point-of-sale exports: a CSV file with a header row and one row per store, day and item
// (columns in docs/headoffice.md). Every problem is reported with its line number; the caller
// decides whether to import nothing (the default) or the good rows only (--skip-bad).
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/headoffice/history.hpp"

namespace kaiten::headoffice {

struct PosError {
  std::string file;
  int line = 0;  ///< 1-based; 0 for the file as a whole
  std::string message;
  std::string to_string() const;  ///< "file:line: message"
};

struct PosImport {
  std::vector<DayRecord> days;  ///< good days, sorted by store and date
  std::vector<PosError> errors;
  int rows = 0;          ///< data rows read
  int rows_skipped = 0;  ///< rows left out because of an error
};

/// Parses and validates `text`. `default_store` is used when there is no store column (empty:
/// the column is required). Days already in `history` (may be null) are errors.
PosImport parse_pos_csv(std::string_view text, const std::string& file,
                        const std::string& default_store, const HistoryStore* history);

}  // namespace kaiten::headoffice
