// The forecasters, per item: the controller's short-term forecast (plates over the next 1 and 15
// minutes, split over the menu) at a lunch-time tick, and head office's next-day forecast of one
// item from a year of daily sales (model choice by holdout, then the fit).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>

#include "bench_support.hpp"
#include "kaiten/controller/controller.hpp"
#include "kaiten/headoffice/models.hpp"

namespace kaiten {
namespace {

// The busy Saturday's controller as it stands at 13:00, the lunch peak: about 190 seated diners.
void BM_ControllerForecastItems(benchmark::State& state) {
  const ScenarioDef def = bench::load("scenarios/bench/busy_saturday.yaml");
  const std::vector<SensorMessage> messages = bench::record_messages(def);
  Controller c(def, 1);
  std::vector<Command> out;
  for (const SensorMessage& m : messages) {
    if (time_of(m) > 13 * kMsPerHour) break;
    out.clear();
    c.on_message(m, out);
  }
  const auto horizon = static_cast<double>(state.range(0));
  for (auto _ : state) {
    const std::vector<double> items = c.forecast_items(horizon);
    benchmark::DoNotOptimize(items.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(def.menu.size()));
  state.SetLabel(std::to_string(def.menu.size()) + " menu items per call");
}
BENCHMARK(BM_ControllerForecastItems)->Arg(1)->Arg(15);

// A year of one item's daily plates: weekly pattern, slow drift, Poisson-like noise, a few
// sold-out days filled in as head office does. Fixed seed: the same series every run.
std::vector<double> year_of_sales(int days) {
  std::mt19937_64 rng(7);
  const double weekday[7] = {1.0, 0.8, 0.8, 0.9, 1.1, 1.6, 1.5};
  std::vector<double> y;
  for (int t = 0; t < days; ++t) {
    const double mean = 60.0 * weekday[t % 7] * (1.0 + 0.1 * std::sin(t / 58.0));
    std::poisson_distribution<int> sales(mean);
    y.push_back(sales(rng));
  }
  return y;
}

void BM_NextDayForecastPerItem(benchmark::State& state) {
  const std::vector<double> y = year_of_sales(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const headoffice::Model model = headoffice::select_model(y, headoffice::candidate_models(y));
    const headoffice::ModelFit fit = headoffice::fit_model(model, y, 1);
    benchmark::DoNotOptimize(fit.ahead.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel("one item from " + std::to_string(y.size()) + " days");
}
BENCHMARK(BM_NextDayForecastPerItem)->Arg(120)->Arg(365)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace kaiten
