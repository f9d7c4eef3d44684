#include "arguments.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "kaiten/core/text.hpp"
#include "kaiten/io/input_file.hpp"
#include "kaiten/live/protocol.hpp"

namespace kaiten::app {
namespace {

namespace fs = std::filesystem;

/// True when `a` and `b` name the same file: the same file on disk, or, when one does not exist
/// yet, the same path once links and dots are resolved.
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  const fs::path ca = fs::weakly_canonical(a, ec);
  if (ec) return false;
  const fs::path cb = fs::weakly_canonical(b, ec);
  return !ec && ca == cb;
}

}  // namespace

bool check_inputs(std::string_view command, const std::vector<std::string>& paths) {
  bool ok = true;
  for (const std::string& path : paths) {
    if (const auto problem = input_file_problem(path)) {
      fmt::print(stderr, "kaiten {}: {}: {}\n", command, one_line(path), *problem);
      ok = false;
    }
  }
  return ok;
}

bool check_input_if_present(std::string_view command, const std::string& path) {
  std::error_code ec;
  return !fs::exists(fs::symlink_status(path, ec)) || check_inputs(command, {path});
}

bool check_output(std::string_view command, std::string_view option, const std::string& path,
                  const std::vector<std::string>& inputs, const std::vector<std::string>& files) {
  if (path.empty()) return true;
  bool ok = true;
  const auto refuse_if_input = [&](const fs::path& written) {
    for (const std::string& input : inputs) {
      if (!same_file(written, input)) continue;
      if (written == fs::path(path))
        fmt::print(stderr, "kaiten {}: {} {} is the input {}; an input is never overwritten\n",
                   command, option, one_line(path), one_line(input));
      else
        fmt::print(stderr,
                   "kaiten {}: {} {} would overwrite the input {}; an input is never "
                   "overwritten\n",
                   command, option, one_line(path), one_line(input));
      ok = false;
    }
  };
  refuse_if_input(path);
  for (const std::string& file : files) refuse_if_input(fs::path(path) / file);
  return ok;
}

std::optional<std::vector<ScenarioOverride>> parse_overrides(std::string_view command,
                                                             const std::vector<std::string>& sets) {
  std::vector<ScenarioOverride> out;
  bool ok = true;
  for (const std::string& text : sets) {
    std::string problem;
    if (auto o = parse_override(text, problem)) {
      out.push_back(std::move(*o));
    } else {
      fmt::print(stderr, "kaiten {}: --set {}: {}\n", command, one_line(text), problem);
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<std::string> override_texts(const std::vector<ScenarioOverride>& overrides) {
  std::vector<std::string> out;
  for (const ScenarioOverride& o : overrides) out.push_back(o.text());
  return out;
}

bool check_store_id(std::string_view command, std::string_view option, const std::string& store) {
  if (valid_utf8(store)) return true;
  fmt::print(stderr, "kaiten {}: {}: the store id is not valid UTF-8: \"{}\"\n", command, option,
             one_line(store));
  return false;
}

std::optional<std::string> resolve_store_option(std::string_view command,
                                                const headoffice::HistoryStore& history,
                                                const std::string& requested) {
  history.stores();  // a history that cannot be read throws here, an unknown store below
  try {
    return headoffice::resolve_store(history, requested);
  } catch (const headoffice::HistoryError& e) {
    fmt::print(stderr, "kaiten {}: {}\n", command, one_line(e.what()));
    return std::nullopt;
  }
}

std::optional<headoffice::Date> parse_date_option(std::string_view command, std::string_view option,
                                                  const std::string& text) {
  using headoffice::Date;
  if (const auto date = Date::parse(text)) return date;
  // DIGITS-MM-DD: the shape is right, the year or the day is not.
  const auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  };
  const std::string_view t(text);
  const bool shaped = t.size() >= 7 && t[t.size() - 3] == '-' && t[t.size() - 6] == '-' &&
                      digits(t.substr(0, t.size() - 6)) && digits(t.substr(t.size() - 5, 2)) &&
                      digits(t.substr(t.size() - 2));
  if (shaped && t.size() != 10) {
    fmt::print(stderr, "kaiten {}: {}: {} is outside the dates kaiten handles, {} to {}\n", command,
               option, text, Date::earliest().to_string(), Date::latest().to_string());
  } else if (shaped) {
    const int year = std::stoi(text.substr(0, 4));
    if (year < 1000)
      fmt::print(stderr, "kaiten {}: {}: {} is outside the dates kaiten handles, {} to {}\n",
                 command, option, text, Date::earliest().to_string(), Date::latest().to_string());
    else
      fmt::print(stderr, "kaiten {}: {}: {} is not a day of the calendar\n", command, option, text);
  } else {
    fmt::print(stderr, "kaiten {}: {}: expected a date YYYY-MM-DD, got \"{}\"\n", command, option,
               one_line(text));
  }
  return std::nullopt;
}

std::optional<headoffice::Date> last_of_days(std::string_view command, const std::string& what,
                                             headoffice::Date first, std::int64_t days) {
  using headoffice::Date;
  const std::int64_t room = Date::latest() - first + 1;  // days from `first` to the last date
  if (days <= room) return first + static_cast<std::int32_t>(days - 1);
  fmt::print(stderr,
             "kaiten {}: {} would run past {}, the last date a sales history holds (at most {} "
             "day{} from {})\n",
             command, what, Date::latest().to_string(), room, room == 1 ? "" : "s",
             first.to_string());
  return std::nullopt;
}

bool check_live_target(std::string_view command, const std::string& broker,
                       const std::string& store) {
  if (!valid_broker_url(broker)) {
    fmt::print(stderr, "kaiten {}: --broker {}: expected tcp://HOST:PORT or mqtt://HOST:PORT\n",
               command, broker);
    return false;
  }
  if (!valid_store_id(store)) {
    fmt::print(stderr, "kaiten {}: --store {}: letters, digits, '-' and '_' only\n", command,
               store);
    return false;
  }
  return true;
}

std::optional<HeadOfficeChain> load_chain_refs(std::string_view command, const std::string& chain,
                                               const headoffice::HistoryStore& history) {
  ChainLoadResult loaded = load_chain_file(chain, /*load_scenarios=*/false);
  for (const LoadError& e : loaded.errors)
    fmt::print(stderr, "kaiten {}: {}\n", command, one_line(e.to_string()));
  if (!loaded.ok()) return std::nullopt;
  const std::vector<std::string> stores = history.stores();
  HeadOfficeChain out;
  bool ok = true;
  for (const ChainStoreDef& s : loaded.chain->stores) {
    if (std::find(stores.begin(), stores.end(), s.id) == stores.end()) {
      fmt::print(stderr, "kaiten {}: --chain {}: store {} is not in the history\n", command, chain,
                 s.id);
      ok = false;
    }
    const ChainCentreDef& centre = loaded.chain->centres[s.centre_index];
    out.refs.push_back({s.id, s.region, s.centre, centre.lead_days, centre.delivery_weekdays});
  }
  if (!ok) return std::nullopt;
  out.chain = std::move(*loaded.chain);
  return out;
}

void HeadOfficeChain::apply_centre_costs(std::size_t store,
                                         headoffice::Catalogue& catalogue) const {
  const ChainCentreDef& centre = chain.centres[chain.stores[store].centre_index];
  for (const ChainCentreIngredient& own : centre.ingredients)
    for (headoffice::CatalogueIngredient& c : catalogue.ingredients) {
      if (c.ingredient != own.ingredient) continue;
      if (own.cost_yen_per_kg) c.cost_yen_per_kg = *own.cost_yen_per_kg;
      if (own.underage_yen_per_kg) c.underage_yen_per_kg = own.underage_yen_per_kg;
      if (own.overage_yen_per_kg) c.overage_yen_per_kg = own.overage_yen_per_kg;
    }
}

}  // namespace kaiten::app
