#pragma once
// Helpers shared by the head-office tests: temporary history files and synthetic days.
#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>

#include "kaiten/headoffice/history.hpp"

namespace kaiten::headoffice::test {

/// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("kaiten_ho_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A two-item catalogue: maguro (tuna) and salmon, each with rice.
inline Catalogue small_catalogue() {
  Catalogue c;
  c.items = {{"maguro", "Tuna", 120, 58}, {"salmon", "Salmon", 120, 57}};
  c.ingredients = {{"rice", "Rice", 450, 30, std::nullopt, std::nullopt},
                   {"salmon", "Salmon", 2100, 1, std::nullopt, std::nullopt},
                   {"tuna", "Tuna", 2400, 1, std::nullopt, std::nullopt}};
  c.recipes = {{"maguro", "rice", 30},
               {"maguro", "tuna", 18},
               {"salmon", "rice", 30},
               {"salmon", "salmon", 20}};
  return c;
}

/// Weekly pattern (Monday first) of the synthetic store.
inline double weekday_factor(Date d) {
  static constexpr double kFactor[] = {1.0, 0.9, 0.95, 1.0, 1.2, 1.6, 1.45};
  return kFactor[d.weekday_index()];
}

/// A day of the synthetic store: Poisson sales around base × weekday factor per item.
inline DayRecord synthetic_day(const std::string& store, Date date, std::mt19937_64& rng,
                               double maguro_base = 200, double salmon_base = 300) {
  DayRecord r;
  r.store = store;
  r.date = date;
  const double f = weekday_factor(date);
  std::poisson_distribution<std::int64_t> maguro(maguro_base * f);
  std::poisson_distribution<std::int64_t> salmon(salmon_base * f);
  for (auto [id, draw] : {std::pair{"maguro", maguro(rng)}, std::pair{"salmon", salmon(rng)}}) {
    ItemDay it;
    it.item = id;
    it.sold = draw;
    it.discarded = draw / 10;
    it.made = it.sold + it.discarded;
    it.true_demand = draw;
    r.items.push_back(it);
  }
  r.hourly_sold.assign(48, 0);
  return r;
}

}  // namespace kaiten::headoffice::test
