#include "kaiten/whatif/grid.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "kaiten/core/text.hpp"
#include "kaiten/io/scenario_schema.hpp"

namespace kaiten::whatif {
namespace {

/// Splits at commas that are not inside brackets, braces or quotes.
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::string item;
  int depth = 0;
  char quote = 0;
  for (const char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      out.push_back(item);
      item.clear();
      continue;
    }
    item += c;
  }
  out.push_back(item);
  return out;
}

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(' ') - first + 1));
}

/// Decimals written after the point of a plain decimal number ("0.05" -> 2), or nullopt when
/// `text` is not one (exponents, signs other than a leading '-', stray characters).
std::optional<int> decimals_of(std::string_view text) {
  std::size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  int decimals = -1;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && decimals < 0) {
      decimals = 0;
    } else if (text[i] >= '0' && text[i] <= '9') {
      if (decimals >= 0) ++decimals;
    } else {
      return std::nullopt;
    }
  }
  return std::max(decimals, 0);
}

std::optional<double> number(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

/// FROM:TO:STEP as values, or nullopt with `problem` set.
std::optional<std::vector<std::string>> range_values(std::string_view text, bool integer,
                                                     std::string& problem) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t colon = text.find(':'); colon != std::string_view::npos;
       colon = text.find(':', start)) {
    parts.emplace_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  parts.emplace_back(text.substr(start));
  std::optional<int> decimals[3];
  std::optional<double> v[3];
  for (int i = 0; i < 3; ++i) {
    decimals[i] = decimals_of(parts[static_cast<std::size_t>(i)]);
    v[i] = number(parts[static_cast<std::size_t>(i)]);
    if (!decimals[i] || !v[i]) {
      problem = fmt::format("FROM:TO:STEP takes plain decimal numbers, got \"{}\"",
                            one_line(parts[static_cast<std::size_t>(i)]));
      return std::nullopt;
    }
  }
  const double from = *v[0], to = *v[1], step = *v[2];
  if (integer && (*decimals[0] > 0 || *decimals[1] > 0 || *decimals[2] > 0)) {
    problem = "the key takes whole numbers: FROM, TO and STEP must be integers";
    return std::nullopt;
  }
  if (!(step > 0)) {
    problem = fmt::format("the step must be > 0, got {}", parts[2]);
    return std::nullopt;
  }
  if (to < from) {
    problem = fmt::format("TO ({}) is below FROM ({})", parts[1], parts[0]);
    return std::nullopt;
  }
  const double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > static_cast<double>(kMaxGridPoints)) {
    problem = fmt::format("{} values; at most {}", count, kMaxGridPoints);
    return std::nullopt;
  }
  // Values as from + k * step, printed with the decimals the user wrote, so 0.1 steps stay tidy.
  const int places = std::max(*decimals[0], *decimals[2]);
  std::vector<std::string> out;
  for (long k = 0; k < static_cast<long>(count); ++k) {
    const double value = from + static_cast<double>(k) * step;
    out.push_back(fmt::format("{:.{}f}", value, places));
  }
  return out;
}

}  // namespace

std::optional<Factor> parse_factor(std::string_view text, std::string& problem) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    problem = fmt::format("expected PATH=VALUES, got \"{}\"", one_line(text));
    return std::nullopt;
  }
  Factor f{std::string(text.substr(0, eq)), {}};
  const std::string_view values = text.substr(eq + 1);
  const ScenarioPath path = check_scenario_path(f.path);
  if (!path.problem.empty()) {
    problem = path.problem;
    return std::nullopt;
  }
  const bool numeric =
      path.kind == ScenarioValueKind::integer || path.kind == ScenarioValueKind::number;
  // A range has exactly two colons and nothing that separates list entries; clock times
  // ("11:00") are lists of one.
  const bool range = numeric && values.find(',') == std::string_view::npos &&
                     std::count(values.begin(), values.end(), ':') == 2;
  if (range) {
    auto v = range_values(values, path.kind == ScenarioValueKind::integer, problem);
    if (!v) return std::nullopt;
    f.values = std::move(*v);
    return f;
  }
  for (const std::string& item : split_list(values)) {
    std::string v = trimmed(item);
    if (v.empty()) {
      problem = "an empty value in the list";
      return std::nullopt;
    }
    f.values.push_back(std::move(v));
  }
  return f;
}

std::vector<GridPoint> grid_points(const std::vector<Factor>& factors) {
  std::size_t total = 1;
  for (const Factor& f : factors) {
    if (f.values.empty() || total > kMaxGridPoints / f.values.size())
      throw std::length_error(fmt::format("the grid has more than {} points", kMaxGridPoints));
    total *= f.values.size();
  }
  std::vector<GridPoint> out;
  out.reserve(total);
  for (std::size_t index = 0; index < total; ++index) {
    GridPoint point(factors.size());
    std::size_t rest = index;
    for (std::size_t k = factors.size(); k-- > 0;) {  // the last factor varies fastest
      const std::size_t n = factors[k].values.size();
      point[k] = ScenarioOverride{factors[k].path, factors[k].values[rest % n]};
      rest /= n;
    }
    out.push_back(std::move(point));
  }
  return out;
}

std::string point_label(const GridPoint& point) {
  std::string out;
  for (const ScenarioOverride& o : point) out += (out.empty() ? "" : " ") + o.text();
  return out;
}

}  // namespace kaiten::whatif
