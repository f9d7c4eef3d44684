#include "kaiten/io/chain_loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "kaiten/core/text.hpp"
#include "kaiten/io/input_file.hpp"
#include "suggest.hpp"
#include "yaml_fields.hpp"
#include "yaml_map.hpp"

namespace kaiten {
namespace {

using yaml_fields::describe;
using yaml_fields::Diagnostics;
using yaml_fields::Field;
using yaml_fields::join;
using yaml_fields::quote;

using MapReader = yaml_fields::MapKeys;

// --- scalars -------------------------------------------------------------------------------

std::optional<std::string> to_text(Diagnostics& diag, const Field& f) {
  if (!f.node.IsScalar()) {
    diag.add(f.mark, f.path, "expected text, got " + describe(f.node));
    return std::nullopt;
  }
  return f.node.Scalar();
}

/// An id: letters, digits, '_', '-' and '.', 1 to 64 of them (it goes into SQLite, CSV, JSON).
std::optional<std::string> to_id(Diagnostics& diag, const Field& f) {
  auto v = to_text(diag, f);
  if (!v) return v;
  const bool good = !v->empty() && v->size() <= 64 && std::all_of(v->begin(), v->end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
  if (!good) {
    diag.add(f.mark, f.path,
             fmt::format("expected an id (1 to 64 letters, digits, '_', '-' or '.'), got {}",
                         quote(*v)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> to_int(Diagnostics& diag, const Field& f, std::int64_t lo,
                                   std::int64_t hi) {
  std::int64_t v = 0;
  if (f.node.IsScalar()) {
    const std::string& s = f.node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) {
      if (v >= lo && v <= hi) return v;
      diag.add(f.mark, f.path, fmt::format("expected an integer from {} to {}, got {}", lo, hi, s));
      return std::nullopt;
    }
  }
  diag.add(f.mark, f.path, "expected an integer, got " + describe(f.node));
  return std::nullopt;
}

std::optional<std::uint64_t> to_uint64(Diagnostics& diag, const Field& f) {
  std::uint64_t v = 0;
  if (f.node.IsScalar()) {
    const std::string& s = f.node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return v;
  }
  diag.add(f.mark, f.path, "expected a non-negative integer below 2^64, got " + describe(f.node));
  return std::nullopt;
}

/// A finite number in [lo, hi] (or [lo, hi) when `open_hi`).
std::optional<double> to_number(Diagnostics& diag, const Field& f, double lo, double hi,
                                bool open_hi = false) {
  double v = 0;
  if (f.node.IsScalar()) {
    const std::string& s = f.node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty() && std::isfinite(v)) {
      if (v >= lo && (open_hi ? v < hi : v <= hi)) return v;
      diag.add(f.mark, f.path,
               fmt::format("expected a number from {} to {}{}, got {}", lo, open_hi ? "below " : "",
                           hi, s));
      return std::nullopt;
    }
  }
  diag.add(f.mark, f.path, "expected a number, got " + describe(f.node));
  return std::nullopt;
}

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    const char* b = s.data() + starts[i];
    const auto [end, ec] = std::from_chars(b, b + lengths[i], parts[i]);
    if (ec != std::errc() || end != b + lengths[i]) return false;
  }
  const int y = parts[0], m = parts[1], d = parts[2];
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

/// A list's entries as fields named path[i].
std::vector<Field> list_of(Diagnostics& diag, const Field& f) {
  std::vector<Field> out;
  if (!f.node.IsSequence()) {
    diag.add(f.mark, f.path, "expected a list, got " + describe(f.node));
    return out;
  }
  std::size_t i = 0;
  for (const YAML::Node& n : f.node) {
    out.push_back(Field{n, n.IsNull() ? f.mark : n.Mark(), fmt::format("{}[{}]", f.path, i)});
    ++i;
  }
  return out;
}

/// YAML text of a value, as `--set` takes it: a scalar as written, a list or map in flow style.
std::string yaml_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  if (n.IsNull()) return "";
  YAML::Emitter out;
  out << YAML::Flow << n;
  return out.c_str();
}

// --- the chain -----------------------------------------------------------------------------

struct OverrideAt {
  std::size_t store = 0;
  ScenarioOverride override;
  YAML::Mark mark;
  std::string path;
};

class ChainReader {
 public:
  ChainReader(Diagnostics& diag, std::string stem) : diag_(diag), stem_(std::move(stem)) {}

  ChainDef read(const YAML::Node& root) {
    ChainDef chain;
    chain.name = stem_;
    MapReader top(diag_, Field{root, root.Mark(), ""});
    if (auto f = top.get("name")) {
      if (auto v = to_text(diag_, *f)) chain.name = *v;
    }
    if (auto f = top.get("seed")) {
      if (auto v = to_uint64(diag_, *f)) chain.seed = *v;
    }
    if (auto f = top.get("regions", true)) read_regions(*f, chain);
    if (auto f = top.get("centres", true)) read_centres(*f, chain);
    if (auto f = top.get("stores", true)) read_stores(*f, chain);
    top.finish();
    return chain;
  }

  std::vector<OverrideAt> overrides;
  std::vector<std::pair<std::size_t, Field>> scenario_at;  ///< store index, its scenario value

 private:
  bool unique(std::map<std::string, int>& seen, const std::string& id, const Field& at,
              const char* what) {
    const auto [it, fresh] = seen.emplace(id, at.mark.line + 1);
    if (!fresh) {
      diag_.add(at.mark, at.path,
                fmt::format("duplicate {} id {} (first at line {})", what, quote(id), it->second));
      return false;
    }
    return true;
  }

  void read_regions(const Field& f, ChainDef& chain) {
    std::map<std::string, int> seen;
    for (const Field& e : list_of(diag_, f)) {
      MapReader m(diag_, e);
      ChainRegionDef r;
      if (auto id = m.get("id", true)) {
        if (auto v = to_id(diag_, *id); v && unique(seen, *v, *id, "region")) r.id = *v;
      }
      if (auto h = m.get("holidays")) {
        for (const Field& d : list_of(diag_, *h)) {
          auto v = to_text(diag_, d);
          if (!v) continue;
          if (!valid_date(*v)) {
            diag_.add(d.mark, d.path, "expected a date YYYY-MM-DD, got " + quote(*v));
            continue;
          }
          r.holidays.push_back(*v);
        }
        std::sort(r.holidays.begin(), r.holidays.end());
        r.holidays.erase(std::unique(r.holidays.begin(), r.holidays.end()), r.holidays.end());
      }
      if (auto s = m.get("demand_shock_sd")) {
        if (auto v = to_number(diag_, *s, 0.0, 1.0)) r.demand_shock_sd = *v;
      }
      if (auto s = m.get("demand_shock_persistence")) {
        if (auto v = to_number(diag_, *s, 0.0, 1.0, true)) r.demand_shock_persistence = *v;
      }
      m.finish();
      if (m.ok()) chain.regions.push_back(std::move(r));
    }
  }

  void read_centres(const Field& f, ChainDef& chain) {
    std::map<std::string, int> seen;
    for (const Field& e : list_of(diag_, f)) {
      MapReader m(diag_, e);
      ChainCentreDef c;
      if (auto id = m.get("id", true)) {
        if (auto v = to_id(diag_, *id); v && unique(seen, *v, *id, "centre")) c.id = *v;
      }
      if (auto l = m.get("lead_days")) {
        if (auto v = to_int(diag_, *l, 0, 60)) c.lead_days = static_cast<std::int32_t>(*v);
      }
      if (auto days = m.get("delivery_days")) {
        static constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};
        const std::vector<Field> list = list_of(diag_, *days);
        if (days->node.IsSequence() && list.empty())
          diag_.add(days->mark, days->path, "expected at least one weekday (mon .. sun)");
        for (const Field& d : list) {
          const auto v = to_text(diag_, d);
          if (!v) continue;
          const auto at = std::find(std::begin(kDays), std::end(kDays), *v);
          if (at == std::end(kDays)) {
            diag_.add(d.mark, d.path,
                      "expected a weekday mon, tue, wed, thu, fri, sat or sun, got " + quote(*v));
            continue;
          }
          c.delivery_weekdays.push_back(static_cast<int>(at - std::begin(kDays)));
        }
        std::sort(c.delivery_weekdays.begin(), c.delivery_weekdays.end());
        c.delivery_weekdays.erase(
            std::unique(c.delivery_weekdays.begin(), c.delivery_weekdays.end()),
            c.delivery_weekdays.end());
      }
      if (auto ing = m.get("ingredients")) {
        MapReader im(diag_, *ing);
        im.each([&](std::string_view key, const Field& key_at, const Field& value) {
          ChainCentreIngredient ci;
          if (auto v = to_id(diag_, Field{YAML::Node(std::string(key)), key_at.mark, value.path}))
            ci.ingredient = *v;
          MapReader vm(diag_, value);
          const std::pair<const char*, std::optional<double> ChainCentreIngredient::*> keys[] = {
              {"cost_yen_per_kg", &ChainCentreIngredient::cost_yen_per_kg},
              {"underage_yen_per_kg", &ChainCentreIngredient::underage_yen_per_kg},
              {"overage_yen_per_kg", &ChainCentreIngredient::overage_yen_per_kg}};
          for (const auto& [name, member] : keys)
            if (auto cost = vm.get(name)) {
              if (auto v = to_number(diag_, *cost, 0.0, 1e7); v && *v > 0) {
                ci.*member = *v;
              } else if (v) {
                diag_.add(cost->mark, cost->path, "expected a number above 0, got 0");
              }
            }
          vm.finish();
          if (!ci.ingredient.empty()) c.ingredients.push_back(std::move(ci));
        });
      }
      m.finish();
      if (m.ok()) chain.centres.push_back(std::move(c));
    }
  }

  void read_stores(const Field& f, ChainDef& chain) {
    std::map<std::string, int> seen;
    const std::vector<Field> entries = list_of(diag_, f);
    if (f.node.IsSequence() && entries.empty())
      diag_.add(f.mark, f.path, "expected at least one store");
    for (const Field& e : entries) {
      MapReader m(diag_, e);
      ChainStoreDef s;
      if (auto id = m.get("id", true)) {
        if (auto v = to_id(diag_, *id); v && unique(seen, *v, *id, "store")) s.id = *v;
      }
      if (auto sc = m.get("scenario", true)) {
        if (auto v = to_text(diag_, *sc)) {
          if (v->empty()) {
            diag_.add(sc->mark, sc->path, "expected a scenario file, got an empty path");
          } else {
            s.scenario = *v;
            scenario_at.emplace_back(chain.stores.size(), *sc);
          }
        }
      }
      if (auto r = m.get("region", true)) {
        if (auto v = to_id(diag_, *r)) {
          s.region = *v;
          const auto it = std::find_if(chain.regions.begin(), chain.regions.end(),
                                       [&](const ChainRegionDef& x) { return x.id == *v; });
          if (it == chain.regions.end()) {
            unknown_ref(*r, "region", *v, ids(chain.regions));
          } else {
            s.region_index = static_cast<std::size_t>(it - chain.regions.begin());
          }
        }
      }
      if (auto c = m.get("centre", true)) {
        if (auto v = to_id(diag_, *c)) {
          s.centre = *v;
          const auto it = std::find_if(chain.centres.begin(), chain.centres.end(),
                                       [&](const ChainCentreDef& x) { return x.id == *v; });
          if (it == chain.centres.end()) {
            unknown_ref(*c, "centre", *v, ids(chain.centres));
          } else {
            s.centre_index = static_cast<std::size_t>(it - chain.centres.begin());
          }
        }
      }
      if (auto d = m.get("demand_scale")) {
        if (auto v = to_number(diag_, *d, 0.0, 100.0); v && *v > 0) {
          s.demand_scale = *v;
        } else if (v) {
          diag_.add(d->mark, d->path, "expected a number above 0, got 0");
        }
      }
      if (auto sd = m.get("seed")) {
        if (auto v = to_uint64(diag_, *sd)) s.seed = *v;
      }
      if (auto o = m.get("overrides")) {
        MapReader om(diag_, *o);
        om.each([&](std::string_view key, const Field& key_at, const Field& value) {
          std::string problem;
          const std::string text = std::string(key) + "=" + yaml_text(value.node);
          const auto parsed = parse_override(text, problem);
          if (!parsed) {
            diag_.add(key_at.mark, value.path, problem);
            return;
          }
          s.overrides.push_back(*parsed);
          overrides.push_back(OverrideAt{chain.stores.size(), *parsed, value.mark, value.path});
        });
      }
      m.finish();
      chain.stores.push_back(std::move(s));
    }
  }

  template <class T>
  static std::vector<std::string> ids(const std::vector<T>& defs) {
    std::vector<std::string> out;
    for (const T& d : defs) out.push_back(d.id);
    return out;
  }

  void unknown_ref(const Field& at, const char* what, const std::string& id,
                   const std::vector<std::string>& known) {
    std::string message = fmt::format("no {} {} in the chain", what, quote(id));
    if (const auto best = closest(id, known)) {
      message += fmt::format("; did you mean {}?", quote(*best));
    } else if (!known.empty()) {
      message += fmt::format("; {}s: ", what);
      for (std::size_t i = 0; i < known.size(); ++i) message += (i == 0 ? "" : ", ") + known[i];
    }
    diag_.add(at.mark, at.path, std::move(message));
  }

  Diagnostics& diag_;
  std::string stem_;
};

/// Holidays of `base` and `more`, sorted, each once.
std::vector<std::string> merged(std::vector<std::string> base,
                                const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  std::sort(base.begin(), base.end());
  base.erase(std::unique(base.begin(), base.end()), base.end());
  return base;
}

}  // namespace

ChainLoadResult load_chain_text(std::string_view yaml, const std::string& source_name,
                                bool load_scenarios) {
  Diagnostics diag(source_name);
  ChainLoadResult result;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    diag.add(e.mark, "", "YAML syntax error: " + e.msg);
    result.errors = diag.take();
    return result;
  }
  if (root.IsNull()) {
    diag.add(YAML::Mark::null_mark(), "",
             "the chain file is empty; expected regions, centres and stores");
    result.errors = diag.take();
    return result;
  }
  ChainReader reader(diag, std::filesystem::path(source_name).stem().string());
  ChainDef chain = reader.read(root);
  const std::filesystem::path dir = std::filesystem::path(source_name).parent_path();
  for (ChainStoreDef& s : chain.stores)
    if (!s.scenario.empty()) s.scenario_path = (dir / s.scenario).lexically_normal().string();
  if (!diag.empty() || !load_scenarios) {
    result.errors = diag.take();
    if (result.errors.empty()) result.chain = std::move(chain);
    return result;
  }
  // Each store's scenario with its overrides; an override's problems point at the chain file.
  std::vector<LoadError> scenario_errors;
  // A scenario file that cannot be read is the chain file's problem, at the store's entry.
  for (const auto& [i, at] : reader.scenario_at) {
    if (const auto problem = input_file_problem(chain.stores[i].scenario_path))
      diag.add(at.mark, at.path, fmt::format("{}: {}", chain.stores[i].scenario_path, *problem));
  }
  if (!diag.empty()) {
    result.errors = diag.take();
    return result;
  }
  for (std::size_t i = 0; i < chain.stores.size(); ++i) {
    const ChainStoreDef& s = chain.stores[i];
    LoadResult loaded = load_scenario_file(s.scenario_path, s.overrides);
    for (LoadError& e : loaded.errors) {
      if (e.file.starts_with("--set ")) {
        const auto at = std::find_if(
            reader.overrides.begin(), reader.overrides.end(), [&](const OverrideAt& o) {
              return o.store == i && e.file == "--set " + o.override.text();
            });
        if (at != reader.overrides.end()) {
          const std::string inner = e.path;
          diag.add(at->mark, at->path,
                   inner.empty() ? e.message : fmt::format("{}: {}", inner, e.message));
          continue;
        }
      }
      scenario_errors.push_back(std::move(e));
    }
    if (!loaded.scenario) continue;
    ScenarioDef def = std::move(*loaded.scenario);
    for (double& rate : def.customers.hourly_parties) rate *= s.demand_scale;
    def.calendar.holidays = merged(def.calendar.holidays, chain.regions[s.region_index].holidays);
    result.scenarios.push_back(std::move(def));
  }
  result.errors = diag.take();
  result.errors.insert(result.errors.end(), scenario_errors.begin(), scenario_errors.end());
  if (result.errors.empty()) {
    result.chain = std::move(chain);
  } else {
    result.scenarios.clear();
  }
  return result;
}

ChainLoadResult load_chain_file(const std::string& path, bool load_scenarios) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputFileError& e) {
    ChainLoadResult result;
    LoadError err;
    err.file = path;
    err.message = e.problem;
    result.errors.push_back(std::move(err));
    return result;
  }
  return load_chain_text(text, path, load_scenarios);
}

}  // namespace kaiten
