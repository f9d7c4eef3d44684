#include "kaiten/headoffice/pos_import.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "kaiten/core/text.hpp"
#include "kaiten/core/units.hpp"

namespace kaiten::headoffice {
namespace {

constexpr std::array<std::string_view, 11> kColumns{
    "store",        "date",      "item",        "sold",         "discarded", "made",
    "panel_orders", "stock_out", "sold_out_at", "stock_plates", "holiday"};

/// Splits one CSV line (RFC 4180 quotes; no line breaks inside fields). nullopt: bad quoting.
std::optional<std::vector<std::string>> split_csv(std::string_view line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      if (!field.empty() || was_quoted) return std::nullopt;
      quoted = true;
      was_quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else {
      if (was_quoted) return std::nullopt;
      field += c;
    }
  }
  if (quoted) return std::nullopt;
  fields.push_back(std::move(field));
  for (std::string& f : fields) {
    const auto first = f.find_first_not_of(" \t");
    const auto last = f.find_last_not_of(" \t");
    f = first == std::string::npos ? std::string() : f.substr(first, last - first + 1);
  }
  return fields;
}

std::optional<std::int64_t> parse_count(const std::string& text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 0)
    return std::nullopt;
  return v;
}

std::optional<bool> parse_flag(const std::string& text) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  return std::nullopt;
}

bool valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

struct Row {
  int line = 0;
  std::string store;
  Date date;
  ItemDay item;
  std::optional<bool> holiday;
};

}  // namespace

std::string PosError::to_string() const {
  return line > 0 ? fmt::format("{}:{}: {}", file, line, message)
                  : fmt::format("{}: {}", file, message);
}

PosImport parse_pos_csv(std::string_view text, const std::string& file,
                        const std::string& default_store, const HistoryStore* history) {
  PosImport out;
  const auto error = [&](int line, std::string message) {
    out.errors.push_back({file, line, std::move(message)});
  };
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM

  std::vector<Row> rows;
  std::map<std::string, std::size_t> column;  // name -> index
  std::size_t n_columns = 0;
  bool header_done = false;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t eol = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() + 1 : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto fields = split_csv(line);
    if (!fields) {
      error(line_no, "bad quoting (a field must be wholly in double quotes or not at all)");
      if (!header_done) return out;
      ++out.rows;  // a data row, read and skipped
      ++out.rows_skipped;
      continue;
    }
    if (!header_done) {
      header_done = true;
      n_columns = fields->size();
      bool ok = true;
      for (std::size_t c = 0; c < fields->size(); ++c) {
        const std::string& name = (*fields)[c];
        if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end()) {
          std::string known;
          for (const auto k : kColumns) known += (known.empty() ? "" : ", ") + std::string(k);
          error(line_no, fmt::format("unknown column \"{}\" (columns: {})", name, known));
          ok = false;
        } else if (!column.emplace(name, c).second) {
          error(line_no, fmt::format("column \"{}\" appears twice", name));
          ok = false;
        }
      }
      for (const std::string_view need : {"date", "item", "sold"}) {
        if (column.count(std::string(need)) == 0) {
          error(line_no, fmt::format("missing required column \"{}\"", need));
          ok = false;
        }
      }
      if (column.count("store") == 0 && default_store.empty()) {
        error(line_no, "no \"store\" column: add one or give --store");
        ok = false;
      } else if (column.count("store") != 0 && !default_store.empty()) {
        // Overriding the column could merge several stores into one: say so instead.
        error(line_no,
              fmt::format("the file has a \"store\" column, so --store {} does not apply: drop "
                          "--store, or the column",
                          one_line(default_store)));
        ok = false;
      }
      if (!ok) return out;  // nothing can be read without a good header
      continue;
    }
    ++out.rows;
    if (fields->size() != n_columns) {
      error(line_no, fmt::format("expected {} fields (as in the header), got {}", n_columns,
                                 fields->size()));
      ++out.rows_skipped;
      continue;
    }
    const auto get = [&](std::string_view name) -> const std::string* {
      const auto it = column.find(std::string(name));
      return it == column.end() ? nullptr : &(*fields)[it->second];
    };
    Row row;
    row.line = line_no;
    std::vector<std::string> problems;
    row.store = get("store") != nullptr ? *get("store") : default_store;
    if (row.store.empty()) problems.push_back("store: must not be empty");
    if (!valid_utf8(row.store))
      problems.push_back(fmt::format("store: not valid UTF-8: \"{}\"", one_line(row.store)));
    const auto date = Date::parse(*get("date"));
    if (!date) {
      problems.push_back(fmt::format("date: expected YYYY-MM-DD, got \"{}\"", *get("date")));
    } else {
      row.date = *date;
    }
    row.item.item = *get("item");
    if (!valid_id(row.item.item))
      problems.push_back(
          fmt::format("item: expected an id of a-z, 0-9, '_' and '-', got \"{}\"", row.item.item));
    const auto count = [&](std::string_view name, std::int64_t& out_value, bool required) {
      const std::string* text_value = get(name);
      if (text_value == nullptr || (text_value->empty() && !required)) return false;
      const auto v = parse_count(*text_value);
      if (!v) {
        problems.push_back(
            fmt::format("{}: expected a whole number >= 0, got \"{}\"", name, *text_value));
        return false;
      }
      out_value = *v;
      return true;
    };
    count("sold", row.item.sold, true);
    count("discarded", row.item.discarded, false);
    const bool made_given = count("made", row.item.made, false);
    count("panel_orders", row.item.panel_orders, false);
    std::int64_t stock = 0;
    if (count("stock_plates", stock, false)) row.item.stock_plates = stock;
    if (const std::string* s = get("stock_out"); s != nullptr && !s->empty()) {
      const auto flag = parse_flag(*s);
      if (!flag) {
        problems.push_back(fmt::format("stock_out: expected 0, 1, true or false, got \"{}\"", *s));
      } else {
        row.item.stock_out = *flag;
      }
    }
    if (const std::string* s = get("sold_out_at"); s != nullptr && !s->empty()) {
      const auto t = parse_clock(*s);
      if (!t) {
        problems.push_back(fmt::format("sold_out_at: expected HH:MM, got \"{}\"", *s));
      } else {
        row.item.stock_out = true;
        row.item.stock_out_min = static_cast<std::int32_t>(*t / kMsPerMinute);
      }
    }
    if (const std::string* s = get("holiday"); s != nullptr && !s->empty()) {
      const auto flag = parse_flag(*s);
      if (!flag) {
        problems.push_back(fmt::format("holiday: expected 0, 1, true or false, got \"{}\"", *s));
      } else {
        row.holiday = *flag;
      }
    }
    std::int64_t used = 0;  // sold + discarded
    if (__builtin_add_overflow(row.item.sold, row.item.discarded, &used)) {
      problems.push_back(fmt::format("sold + discarded ({} + {}) is too large", row.item.sold,
                                     row.item.discarded));
    } else {
      if (!made_given) row.item.made = used;
      if (problems.empty() && row.item.made < used)
        problems.push_back(
            fmt::format("made ({}) is less than sold + discarded ({})", row.item.made, used));
    }
    if (!problems.empty()) {
      for (std::string& p : problems) error(line_no, std::move(p));
      ++out.rows_skipped;
      continue;
    }
    rows.push_back(std::move(row));
  }
  if (!header_done) {
    error(0, "empty file: expected a header row (date,item,sold,...)");
    return out;
  }

  // Per day: duplicates, a consistent holiday flag, not already in the history.
  std::map<std::pair<std::string, std::int32_t>, std::vector<const Row*>> by_day;
  for (const Row& r : rows) by_day[{r.store, r.date.days}].push_back(&r);
  for (auto& [key, day_rows] : by_day) {
    std::set<int> bad;  // lines to drop
    std::map<std::string, int> first_line;
    std::optional<bool> holiday;
    int holiday_line = 0;
    for (const Row* r : day_rows) {
      const auto [it, inserted] = first_line.emplace(r->item.item, r->line);
      if (!inserted) {
        error(r->line, fmt::format("duplicate row for store {}, {}, item {} (first at line {})",
                                   r->store, r->date.to_string(), r->item.item, it->second));
        bad.insert(r->line);
      }
      if (r->holiday) {
        if (holiday && *holiday != *r->holiday) {
          error(r->line, fmt::format("holiday: {} disagrees with line {} for the same day",
                                     *r->holiday ? 1 : 0, holiday_line));
          for (const Row* all : day_rows) bad.insert(all->line);
        } else if (!holiday) {
          holiday = r->holiday;
          holiday_line = r->line;
        }
      }
    }
    const Date date{key.second};
    if (history != nullptr && history->has_day(key.first, date)) {
      error(day_rows.front()->line,
            fmt::format("{} is already in the history of store {}", date.to_string(), key.first));
      for (const Row* all : day_rows) bad.insert(all->line);
    }
    DayRecord day;
    day.store = key.first;
    day.date = date;
    day.holiday = holiday.value_or(false);
    for (const Row* r : day_rows) {
      if (bad.count(r->line) != 0) continue;
      day.items.push_back(r->item);
    }
    out.rows_skipped += static_cast<int>(bad.size());
    if (!day.items.empty()) out.days.push_back(std::move(day));
  }
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const PosError& a, const PosError& b) { return a.line < b.line; });
  return out;
}

}  // namespace kaiten::headoffice
