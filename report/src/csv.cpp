#include "csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "kaiten/io/input_file.hpp"
#include "kaiten/report/report.hpp"

namespace kaiten::report {

std::vector<std::vector<std::string>> parse_csv(std::string_view name, std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;  // the current record has begun
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
      }
      field.clear();
      record.clear();
      any = false;
      ++line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) throw ReportError(fmt::format("{}: line {}: unterminated quote", name, line));
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

bool parse_clock_min(std::string_view text, double& minutes) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t pos = 0;
  while (count < 3) {
    const char* begin = text.data() + pos;
    const char* end = text.data() + text.size();
    int value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr == begin || value < 0) return false;
    parts[count++] = value;
    pos = static_cast<std::size_t>(ptr - text.data());
    if (pos == text.size() || text[pos] != ':') break;
    ++pos;
  }
  if (count < 2 || parts[1] >= 60 || parts[2] >= 60) return false;
  double ms = 0;
  if (pos < text.size()) {
    if (count != 3 || text[pos] != '.') return false;
    int frac = 0;
    const char* begin = text.data() + pos + 1;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, frac);
    if (ec != std::errc() || ptr != end || end - begin != 3) return false;
    ms = frac;
  }
  minutes = parts[0] * 60.0 + parts[1] + parts[2] / 60.0 + ms / 60000.0;
  return true;
}

CsvTable::CsvTable(std::string name, std::string_view text) : name_(std::move(name)) {
  auto records = parse_csv(name_, text);
  if (records.empty()) throw ReportError(fmt::format("{}: empty (no header line)", name_));
  header_ = std::move(records.front());
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].size() != header_.size())
      throw ReportError(fmt::format("{}: row {}: {} fields, the header has {}", name_, i,
                                    records[i].size(), header_.size()));
    rows_.push_back(std::move(records[i]));
  }
}

bool CsvTable::has(std::string_view column) const {
  for (const std::string& h : header_)
    if (h == column) return true;
  return false;
}

std::size_t CsvTable::column(std::string_view column) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == column) return i;
  throw ReportError(fmt::format("{}: no column `{}`", name_, column));
}

double CsvTable::number(std::size_t row, std::size_t col) const {
  const std::string& s = rows_[row][col];
  if (s.empty()) return 0;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value))
    throw ReportError(fmt::format("{}: row {}, column `{}`: not a number: \"{}\"", name_, row + 1,
                                  header_[col], s));
  return value;
}

double CsvTable::clock_min(std::size_t row, std::size_t col) const {
  double minutes = 0;
  if (!parse_clock_min(rows_[row][col], minutes))
    throw ReportError(fmt::format("{}: row {}, column `{}`: not a clock time HH:MM:SS: \"{}\"",
                                  name_, row + 1, header_[col], rows_[row][col]));
  return minutes;
}

std::string read_output_file(const std::filesystem::path& dir, std::string_view name,
                             std::string_view written_by) {
  const std::filesystem::path path = dir / name;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw ReportError(fmt::format("{}: missing ({} writes it)", path.string(), written_by));
  try {
    return read_input_file(path);
  } catch (const InputFileError& e) {
    throw ReportError(e.what());
  }
}

CsvTable read_csv(const std::filesystem::path& dir, std::string_view name,
                  std::string_view written_by) {
  return CsvTable((dir / name).string(), read_output_file(dir, name, written_by));
}

}  // namespace kaiten::report
