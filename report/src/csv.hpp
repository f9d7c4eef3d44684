#pragma once
// Reading kaiten's own output files for a report: CSV tables (RFC 4180 quoting) by column name,
// clock times, and files read whole. Every failure is a ReportError naming the file and field.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten::report {

/// A CSV file read whole: the header and the rows (every row as long as the header).
class CsvTable {
 public:
  /// Parses `text`; `name` (the file) goes into error messages. Throws ReportError on a row whose
  /// length differs from the header's or an unterminated quote.
  CsvTable(std::string name, std::string_view text);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t size() const { return rows_.size(); }
  const std::vector<std::string>& row(std::size_t i) const { return rows_[i]; }
  bool has(std::string_view column) const;
  /// The index of `column`. Throws ReportError "FILE: no column COLUMN".
  std::size_t column(std::string_view column) const;
  const std::string& text(std::size_t row, std::size_t col) const { return rows_[row][col]; }
  /// The cell as a number ("" is 0). Throws ReportError "FILE: row N, COLUMN: not a number".
  double number(std::size_t row, std::size_t col) const;
  /// The cell, a clock time "HH:MM:SS[.mmm]", as minutes since midnight. Throws ReportError.
  double clock_min(std::size_t row, std::size_t col) const;

 private:
  std::string name_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// Parses CSV text into records of fields (RFC 4180: quoted fields, "" inside quotes).
/// Throws ReportError naming `name` on an unterminated quote.
std::vector<std::vector<std::string>> parse_csv(std::string_view name, std::string_view text);

/// `HH:MM:SS[.mmm]` (or `HH:MM`) as minutes since midnight; false if malformed.
bool parse_clock_min(std::string_view text, double& minutes);

/// The file `dir/name` read whole. Throws ReportError "PATH: missing (...)" naming what writes it.
std::string read_output_file(const std::filesystem::path& dir, std::string_view name,
                             std::string_view written_by);

/// The CSV file `dir/name`.
CsvTable read_csv(const std::filesystem::path& dir, std::string_view name,
                  std::string_view written_by);

}  // namespace kaiten::report
