#include "kaiten/whatif/optimize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <nlopt.hpp>
#include <stdexcept>

#include "kaiten/core/text.hpp"
#include "kaiten/io/scenario_schema.hpp"

namespace kaiten::whatif {
namespace {

using Json = nlohmann::ordered_json;

/// Decimals written after the point ("0.05" -> 2); nullopt unless a plain decimal number.
std::optional<int> decimals_of(std::string_view text) {
  std::size_t i = !text.empty() && text[0] == '-' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  int decimals = -1;
  for (; i < text.size(); ++i) {
    if (text[i] == '.' && decimals < 0)
      decimals = 0;
    else if (text[i] >= '0' && text[i] <= '9')
      decimals += decimals >= 0 ? 1 : 0;
    else
      return std::nullopt;
  }
  return std::max(decimals, 0);
}

std::optional<double> number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::vector<double> column(const std::vector<RunValues>& runs, std::size_t measure) {
  std::vector<double> out;
  for (const RunValues& r : runs) out.push_back(r[measure]);
  return out;
}

/// The search ran out of budget: a new setting would need more runs than are left.
struct BudgetSpent {};

class Search {
 public:
  Search(const OptimizeProblem& p, const DayRunner& runner, unsigned jobs,
         const OptimizeProgress& progress)
      : p_(p), runner_(runner), jobs_(jobs), progress_(progress) {}

  /// The evaluation of `setting`, run now unless tried before. Throws BudgetSpent.
  const Evaluation& evaluate(const GridPoint& setting) {
    const std::string label = point_label(setting);
    if (const auto it = tried_.find(label); it != tried_.end())
      return result_.evaluations[it->second];
    if (result_.search_runs + p_.replications > p_.budget) throw BudgetSpent{};
    Evaluation e;
    e.setting = setting;
    e.runs = run(setting, p_.first_seed, p_.replications);
    result_.search_runs += p_.replications;
    e.objective = mean_interval(column(e.runs, p_.objective));
    e.feasible = true;
    for (const Constraint& c : p_.constraints) {
      const Interval i = mean_interval(column(e.runs, c.index));
      e.constraints.push_back(i);
      e.feasible = e.feasible && c.met(i.mean);
      e.violation += c.violation(i.mean) / std::max(1.0, std::abs(c.bound));
    }
    tried_.emplace(label, result_.evaluations.size());
    result_.evaluations.push_back(std::move(e));
    return result_.evaluations.back();
  }

  /// Every measure of `setting` on seeds first, first + 1, ... (count of them), in parallel.
  std::vector<RunValues> run(const GridPoint& setting, std::uint64_t first, int count) {
    const ScenarioDef def = load(setting);
    std::vector<RunValues> runs(static_cast<std::size_t>(count));
    run_parallel(
        runs.size(), jobs_,
        [&](std::size_t r) { return run_measure_values(def, runner_(def, first + r)); },
        [&](std::size_t r, RunValues&& v) {
          runs[r] = std::move(v);
          if (progress_) progress_(++runs_done_, p_.budget);
        });
    return runs;
  }

  ScenarioDef load(const GridPoint& setting) const {
    LoadResult loaded = load_setting(p_.base, setting, "--param");
    if (!loaded.scenario) {
      std::string message;
      for (const LoadError& e : loaded.errors)
        message += (message.empty() ? "" : "; ") + e.to_string();
      throw std::invalid_argument(message);
    }
    const std::vector<RunMeasure> measures = run_measures(*loaded.scenario);
    if (measures.size() != p_.measures.size())
      throw std::invalid_argument(point_label(setting) +
                                  ": the setting changes the scenario's lanes or menu items");
    return std::move(*loaded.scenario);
  }

  OptimizeResult& result() { return result_; }

 private:
  const OptimizeProblem& p_;
  const DayRunner& runner_;
  unsigned jobs_;
  const OptimizeProgress& progress_;
  OptimizeResult result_;
  std::map<std::string, std::size_t> tried_;  ///< setting label -> index in evaluations
  long runs_done_ = 0;
};

GridPoint setting_at(const OptimizeProblem& p, const double* unit) {
  GridPoint setting;
  for (std::size_t k = 0; k < p.parameters.size(); ++k) {
    const Parameter& par = p.parameters[k];
    setting.push_back({par.path, par.value(par.lo + unit[k] * (par.hi - par.lo))});
  }
  return setting;
}

/// Every setting of a discrete grid, tried in grid order.
void every_setting(const OptimizeProblem& p, Search& search) {
  std::vector<Factor> factors;
  for (const Parameter& par : p.parameters) {
    Factor f{par.path, {}};
    for (std::size_t k = 0; k < par.count(); ++k)
      f.values.push_back(par.value(par.lo + static_cast<double>(k) * par.step));
    factors.push_back(std::move(f));
  }
  for (const GridPoint& setting : grid_points(factors)) search.evaluate(setting);
}

/// What NLopt's callbacks see: the search, which constraint, and where to keep an error.
struct NloptContext {
  const OptimizeProblem* problem;
  Search* search;
  std::size_t constraint;
  std::exception_ptr* failure;
};

/// The setting at unit-box point `x`, evaluated; an error stops NLopt and is kept for later.
const Evaluation& evaluate_at(const double* x, const NloptContext& c) {
  try {
    return c.search->evaluate(setting_at(*c.problem, x));
  } catch (const BudgetSpent&) {
    throw nlopt::forced_stop();
  } catch (...) {
    if (!*c.failure) *c.failure = std::current_exception();
    throw nlopt::forced_stop();
  }
}

double objective_at(unsigned, const double* x, double*, void* data) {
  const NloptContext& c = *static_cast<const NloptContext*>(data);
  const double mean = evaluate_at(x, c).objective.mean;
  return c.problem->maximize ? -mean : mean;
}

/// <= 0 when the constraint is met.
double constraint_at(unsigned, const double* x, double*, void* data) {
  const NloptContext& c = *static_cast<const NloptContext*>(data);
  const double mean = evaluate_at(x, c).constraints[c.constraint].mean;
  const Constraint& con = c.problem->constraints[c.constraint];
  return con.at_least ? con.bound - mean : mean - con.bound;
}

/// NLopt's DIRECT-L over the unit box, on the settings' means; stops when the budget is spent.
void direct_search(const OptimizeProblem& p, Search& search) {
  std::exception_ptr failure;
  const auto n = static_cast<unsigned>(p.parameters.size());
  nlopt::opt opt(nlopt::GN_ORIG_DIRECT_L, n);
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  NloptContext objective{&p, &search, 0, &failure};
  opt.set_min_objective(objective_at, &objective);
  std::vector<NloptContext> constraints;
  for (std::size_t j = 0; j < p.constraints.size(); ++j)
    constraints.push_back({&p, &search, j, &failure});
  for (NloptContext& c : constraints) opt.add_inequality_constraint(constraint_at, &c, 0.0);
  // Settings already tried cost nothing: let NLopt ask many times more often than the budget
  // allows new settings, and stop it when a new one would overspend.
  const long settings = std::max(1L, p.budget / p.replications);
  opt.set_maxeval(static_cast<int>(std::min(1'000'000L, 50 * settings + 100)));
  std::vector<double> x(n, 0.5);
  double f = 0;
  try {
    opt.optimize(x, f);
  } catch (const nlopt::forced_stop&) {
  } catch (const nlopt::roundoff_limited&) {
  }
  if (failure) std::rethrow_exception(failure);
}

bool better(const OptimizeProblem& p, const Evaluation& a, const Evaluation& b) {
  return p.maximize ? a.objective.mean > b.objective.mean : a.objective.mean < b.objective.mean;
}

Json interval_json(const Interval& i) {
  return {{"mean", i.mean}, {"low95", i.low()}, {"high95", i.high()}};
}

Json setting_json(const GridPoint& setting) {
  Json out = Json::object();
  for (const ScenarioOverride& o : setting) out[o.path] = o.value;
  return out;
}

/// The scenario's own value of `path`: as written, else its default, in words.
std::string own_value(const OptimizeProblem& p, const std::string& path) {
  if (const auto v = scenario_value(p.base.yaml, p.base.overrides, path)) return *v;
  if (const auto d = scenario_key_default(path)) return *d + " (default)";
  return "(not set)";
}

const Evaluation* chosen(const OptimizeResult& r) {
  if (r.best) return &r.evaluations[*r.best];
  if (r.least_violating) return &r.evaluations[*r.least_violating];
  return nullptr;
}

}  // namespace

std::string Parameter::value(double x) const {
  x = std::clamp(x, lo, hi);
  if (step > 0) {
    const auto last = static_cast<double>(count() - 1);
    const double k = std::clamp(std::round((x - lo) / step), 0.0, last);
    return fmt::format("{:.{}f}", lo + k * step, decimals);
  }
  return fmt::format("{:.{}f}", x, decimals);
}

std::size_t Parameter::count() const {
  if (step <= 0) return 0;
  return static_cast<std::size_t>(std::floor((hi - lo) / step + 1e-9)) + 1;
}

std::optional<Parameter> parse_parameter(std::string_view text, std::string& problem) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    problem = fmt::format("expected PATH=FROM:TO[:STEP], got \"{}\"", one_line(text));
    return std::nullopt;
  }
  Parameter par;
  par.path = std::string(text.substr(0, eq));
  const ScenarioPath path = check_scenario_path(par.path);
  if (!path.problem.empty()) {
    problem = path.problem;
    return std::nullopt;
  }
  if (path.kind != ScenarioValueKind::integer && path.kind != ScenarioValueKind::number) {
    problem = "the optimiser sets numbers; for other keys, compare settings with kaiten sweep";
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  std::string_view rest = text.substr(eq + 1);
  for (auto colon = rest.find(':'); colon != std::string_view::npos; colon = rest.find(':')) {
    parts.push_back(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  parts.push_back(rest);
  std::vector<double> v;
  std::vector<int> decimals;
  for (std::string_view part : parts) {
    const auto d = decimals_of(part);
    const auto x = number(part);
    if (!d || !x) {
      problem = fmt::format("expected FROM:TO or FROM:TO:STEP (plain decimal numbers), got \"{}\"",
                            one_line(text.substr(eq + 1)));
      return std::nullopt;
    }
    v.push_back(*x);
    decimals.push_back(*d);
  }
  if (v.size() < 2 || v.size() > 3) {
    problem =
        fmt::format("expected FROM:TO or FROM:TO:STEP, got \"{}\"", one_line(text.substr(eq + 1)));
    return std::nullopt;
  }
  par.lo = v[0];
  par.hi = v[1];
  const bool integer = path.kind == ScenarioValueKind::integer;
  if (!(par.lo < par.hi)) {
    problem = "FROM must be below TO";
    return std::nullopt;
  }
  if (v.size() == 3) {
    par.step = v[2];
    if (!(par.step > 0)) {
      problem = "the step must be > 0";
      return std::nullopt;
    }
    par.decimals = std::max(decimals[0], decimals[2]);
  } else if (integer) {
    par.step = 1;
  } else {
    par.decimals = 3;  // continuous: to the thousandth (whole millimetres for metres)
  }
  if (integer && (decimals[0] > 0 || decimals[1] > 0 || (v.size() == 3 && decimals[2] > 0))) {
    problem = "the key takes whole numbers: FROM, TO and STEP must be integers";
    return std::nullopt;
  }
  if (par.step > 0 && par.count() < 2) {
    problem = "the step leaves a single value between FROM and TO";
    return std::nullopt;
  }
  return par;
}

double Constraint::violation(double mean) const {
  return std::max(0.0, at_least ? bound - mean : mean - bound);
}

std::string Constraint::text() const {
  return fmt::format("{} {} {}", measure, at_least ? ">=" : "<=", bound);
}

std::optional<Constraint> parse_constraint(std::string_view text, std::string& problem) {
  Constraint c;
  auto op = text.find(">=");
  c.at_least = op != std::string_view::npos;
  if (!c.at_least) op = text.find("<=");
  if (op == std::string_view::npos) {
    problem = fmt::format("expected MEASURE>=X or MEASURE<=X, got \"{}\"", one_line(text));
    return std::nullopt;
  }
  std::string_view name = text.substr(0, op);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  const auto bound = number(text.substr(op + 2));
  if (name.empty() || !bound) {
    problem = fmt::format("expected MEASURE>=X or MEASURE<=X with X a number, got \"{}\"",
                          one_line(text));
    return std::nullopt;
  }
  c.measure = std::string(name);
  c.bound = *bound;
  return c;
}

OptimizeResult optimize(const OptimizeProblem& p, const DayRunner& runner, unsigned jobs,
                        const OptimizeProgress& progress) {
  Search search(p, runner, jobs, progress);
  // Every corner of the box must be a valid scenario before anything runs.
  for (std::size_t corner = 0; corner < (std::size_t{1} << p.parameters.size()); ++corner) {
    std::vector<double> unit;
    for (std::size_t k = 0; k < p.parameters.size(); ++k)
      unit.push_back((corner >> k) & 1U ? 1 : 0);
    search.load(setting_at(p, unit.data()));
  }
  const bool discrete = std::all_of(p.parameters.begin(), p.parameters.end(),
                                    [](const Parameter& par) { return par.step > 0; });
  double settings = 1;
  for (const Parameter& par : p.parameters) settings *= static_cast<double>(par.count());
  OptimizeResult& r = search.result();
  if (discrete && settings * p.replications <= static_cast<double>(p.budget)) {
    r.method = fmt::format("every one of the {} settings of the grid (it fits the budget)",
                           static_cast<long>(settings));
    every_setting(p, search);
  } else {
    r.method = "NLopt DIRECT-L (GN_ORIG_DIRECT_L), global and derivative-free, on the means";
    direct_search(p, search);
  }
  for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
    const Evaluation& e = r.evaluations[i];
    if (e.feasible && (!r.best || better(p, e, r.evaluations[*r.best]))) r.best = i;
    if (!e.feasible &&
        (!r.least_violating || e.violation < r.evaluations[*r.least_violating].violation))
      r.least_violating = i;
  }
  if (r.best) {
    r.least_violating.reset();
    const std::vector<double> best = column(r.evaluations[*r.best].runs, p.objective);
    for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
      if (i == *r.best || !r.evaluations[i].feasible) continue;
      const Interval d =
          mean_interval(differences(column(r.evaluations[i].runs, p.objective), best));
      if (d.low() <= 0 && d.high() >= 0) r.ties.push_back(i);
    }
  }
  // Fresh seeds, after the search's: the chosen setting and the scenario's own on the same days.
  r.final_first_seed = p.first_seed + static_cast<std::uint64_t>(p.replications);
  if (const Evaluation* c = chosen(r)) {
    r.best_final = search.run(c->setting, r.final_first_seed, p.final_replications);
    r.own_final = search.run({}, r.final_first_seed, p.final_replications);
  }
  return std::move(r);
}

std::string evaluations_csv(const OptimizeProblem& p, const OptimizeResult& r) {
  std::string out = "evaluation";
  for (const Parameter& par : p.parameters) out += "," + csv_field(par.path);
  std::vector<std::size_t> shown{p.objective};
  for (const Constraint& c : p.constraints) shown.push_back(c.index);
  for (std::size_t m : shown) {
    const std::string& name = p.measures[m].name;
    out += fmt::format(",{},{},{}", csv_field(name + ".mean"), csv_field(name + ".low95"),
                       csv_field(name + ".high95"));
  }
  out += ",feasible\n";
  for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
    const Evaluation& e = r.evaluations[i];
    out += fmt::format("{}", i + 1);
    for (const ScenarioOverride& o : e.setting) out += "," + csv_field(o.value);
    for (std::size_t m : shown) {
      const Interval v = mean_interval(column(e.runs, m));
      out += fmt::format(",{},{},{}", v.mean, v.low(), v.high());
    }
    out += e.feasible ? ",yes\n" : ",no\n";
  }
  return out;
}

std::string optimize_json(const OptimizeProblem& p, const OptimizeResult& r) {
  Json params = Json::array();
  for (const Parameter& par : p.parameters) {
    Json j = {{"path", par.path}, {"from", par.lo}, {"to", par.hi}};
    if (par.step > 0) j["step"] = par.step;
    params.push_back(j);
  }
  Json constraints = Json::array();
  for (const Constraint& c : p.constraints) constraints.push_back(c.text());
  Json overrides = Json::array();
  for (const ScenarioOverride& o : p.base.overrides) overrides.push_back(o.text());
  Json own = Json::object();
  for (const Parameter& par : p.parameters) own[par.path] = own_value(p, par.path);
  Json doc = {{"scenario", p.base.path},
              {"overrides", overrides},
              {"parameters", params},
              {"objective",
               {{"measure", p.measures[p.objective].name},
                {"unit", p.measures[p.objective].unit},
                {"direction", p.maximize ? "maximize" : "minimize"}}},
              {"constraints", constraints},
              {"replications", p.replications},
              {"search_seeds", {p.first_seed, p.first_seed + p.replications - 1}},
              {"budget_runs", p.budget},
              {"method", r.method},
              {"search_runs", r.search_runs},
              {"settings_tried", r.evaluations.size()}};
  const Evaluation* c = chosen(r);
  doc["feasible"] = r.best.has_value();
  if (c != nullptr) {
    doc["best"] = {{"setting", setting_json(c->setting)}, {"search", interval_json(c->objective)}};
    Json ties = Json::array();
    for (std::size_t i : r.ties) ties.push_back(setting_json(r.evaluations[i].setting));
    doc["tied_with_best_on_search_seeds"] = ties;
    const auto side = [&](const std::vector<RunValues>& runs) {
      Json j = {{"objective", interval_json(mean_interval(column(runs, p.objective)))}};
      Json cons = Json::object();
      for (const Constraint& con : p.constraints)
        cons[con.text()] = interval_json(mean_interval(column(runs, con.index)));
      j["constraints"] = cons;
      return j;
    };
    Json best = side(r.best_final);
    best["setting"] = setting_json(c->setting);
    Json mine = side(r.own_final);
    mine["setting"] = own;
    doc["final"] = {{"seeds", {r.final_first_seed, r.final_first_seed + p.final_replications - 1}},
                    {"best", best},
                    {"scenario", mine},
                    {"best_minus_scenario",
                     interval_json(mean_interval(differences(column(r.best_final, p.objective),
                                                             column(r.own_final, p.objective))))}};
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string optimize_report(const OptimizeProblem& p, const OptimizeResult& r) {
  const RunMeasure& obj = p.measures[p.objective];
  std::string out =
      fmt::format("{} {} ({})", p.maximize ? "maximize" : "minimize", obj.name, obj.unit);
  for (std::size_t j = 0; j < p.constraints.size(); ++j)
    out += fmt::format("{} {}", j == 0 ? " subject to" : ",", p.constraints[j].text());
  out += "\n";
  out += fmt::format(
      "search: {}; {} settings, {} runs of a budget of {} (seeds {}..{} for every "
      "setting)\n",
      r.method, r.evaluations.size(), r.search_runs, p.budget, p.first_seed,
      p.first_seed + p.replications - 1);
  const Evaluation* c = chosen(r);
  if (c == nullptr) return out + "no setting was tried\n";
  if (r.best)
    out += fmt::format("best: {} ({} {} on the search's seeds)\n", point_label(c->setting),
                       obj.name, format_interval(c->objective));
  else
    out += fmt::format("no setting tried met the constraints; the nearest: {}\n",
                       point_label(c->setting));
  if (!r.ties.empty()) {
    out +=
        "not told apart from it on the search's seeds (paired 95% interval of the difference "
        "contains 0):";
    for (std::size_t i = 0; i < r.ties.size(); ++i)
      out += fmt::format("{} {}", i == 0 ? "" : ";", point_label(r.evaluations[r.ties[i]].setting));
    out += "\n";
  }
  std::string own;
  for (const Parameter& par : p.parameters)
    own += fmt::format("{}{}={}", own.empty() ? "" : " ", par.path, own_value(p, par.path));
  out += fmt::format(
      "\nfinal check on {} fresh replications (seeds {}..{}), the same days for both:\n",
      p.final_replications, r.final_first_seed, r.final_first_seed + p.final_replications - 1);
  out +=
      fmt::format("  chosen:          {}\n  scenario's own:  {}\n", point_label(c->setting), own);
  std::vector<std::size_t> shown{p.objective};
  for (const Constraint& con : p.constraints) shown.push_back(con.index);
  std::vector<std::vector<std::string>> rows{
      {"measure", "chosen", "scenario's own", "chosen - own"}};
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const std::size_t m = shown[k];
    std::string name = fmt::format("{} ({})", p.measures[m].name, p.measures[m].unit);
    if (k > 0)
      name = fmt::format("{} {} {}", p.measures[m].name,
                         p.constraints[k - 1].at_least ? ">=" : "<=", p.constraints[k - 1].bound);
    rows.push_back({name, format_interval(mean_interval(column(r.best_final, m))),
                    format_interval(mean_interval(column(r.own_final, m))),
                    format_interval(mean_interval(
                        differences(column(r.best_final, m), column(r.own_final, m))))});
  }
  const auto width = [](const std::string& s) {
    std::size_t n = 0;
    for (const unsigned char ch : s) n += (ch & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  std::vector<std::size_t> widths(4, 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < 4; ++i) widths[i] = std::max(widths[i], width(row[i]));
  for (const auto& row : rows) {
    std::string line = "  " + row[0] + std::string(widths[0] - width(row[0]), ' ');
    for (std::size_t i = 1; i < 4; ++i)
      line += "  " + std::string(widths[i] - width(row[i]), ' ') + row[i];
    out += line + "\n";
  }
  for (std::size_t k = 0; k < p.constraints.size(); ++k) {
    const Interval i = mean_interval(column(r.best_final, p.constraints[k].index));
    const bool sure = p.constraints[k].at_least ? i.low() >= p.constraints[k].bound
                                                : i.high() <= p.constraints[k].bound;
    if (!p.constraints[k].met(i.mean))
      out += fmt::format("  warning: on the fresh seeds the chosen setting misses {}\n",
                         p.constraints[k].text());
    else if (!sure)
      out += fmt::format(
          "  note: {} is met on average, but its 95% interval reaches past the "
          "bound\n",
          p.constraints[k].text());
  }
  return out;
}

}  // namespace kaiten::whatif
