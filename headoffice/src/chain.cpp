#include "kaiten/headoffice/chain.hpp"

#include <bit>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "kaiten/core/rng.hpp"

namespace kaiten::headoffice {
namespace {

/// FNV-1a, 64 bits: a stable hash of an id (std::hash may differ between libraries).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// The regional shocks' stream: after RngStream's last source (queue = 10). Kept here rather than
/// in the enum so that adding it did not rebuild every module; move it there with the next source.
constexpr auto kRegionShockStream = static_cast<RngStream>(11);

/// The standard normal innovation of `region` on `date`.
double innovation(std::uint64_t region_seed, Date date) {
  const std::uint64_t s =
      splitmix64(region_seed ^ static_cast<std::uint64_t>(static_cast<std::uint32_t>(date.days)));
  std::mt19937_64 rng = make_stream(s, kRegionShockStream);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  return normal(rng);
}

// --- bytes -----------------------------------------------------------------------------------

class Writer {
 public:
  template <class T>
  void num(T v) {
    static_assert(std::is_arithmetic_v<T>);
    if constexpr (std::is_floating_point_v<T>) {
      put(std::bit_cast<std::uint64_t>(static_cast<double>(v)), 8);
    } else {
      put(static_cast<std::uint64_t>(v), sizeof(T));
    }
  }
  void text(const std::string& s) {
    num(static_cast<std::uint32_t>(s.size()));
    out += s;
  }
  template <class T>
  void opt(const std::optional<T>& v) {
    num(static_cast<std::uint8_t>(v.has_value()));
    if (v) num(*v);
  }
  std::string out;

 private:
  void put(std::uint64_t v, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  T num() {
    static_assert(std::is_arithmetic_v<T>);
    if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(std::bit_cast<double>(get(8)));
    } else {
      return static_cast<T>(get(sizeof(T)));
    }
  }
  std::string text() {
    const auto n = num<std::uint32_t>();
    need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  template <class T>
  std::optional<T> opt() {
    const auto has = num<std::uint8_t>();
    if (has > 1) throw RecordCodecError("day record: bad optional flag");
    if (has == 0) return std::nullopt;
    return num<T>();
  }
  /// A count of entries, each at least `min_bytes` long, that the rest of the input can hold.
  std::size_t count(std::size_t min_bytes) {
    const auto n = num<std::uint32_t>();
    if (static_cast<std::uint64_t>(n) * min_bytes > in_.size() - at_)
      throw RecordCodecError("day record: truncated");
    return n;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (n > in_.size() - at_) throw RecordCodecError("day record: truncated");
  }
  std::uint64_t get(std::size_t bytes) {
    need(bytes);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes; ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
    at_ += bytes;
    return v;  // narrow signed values come back through static_cast<T>: modular since C++20
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

constexpr std::uint32_t kRecordMagic = 0x4b444159;  // "KDAY"

}  // namespace

double regional_shock(std::uint64_t chain_seed, std::string_view region, Date date, double sd,
                      double persistence) {
  if (sd <= 0.0) return 0.0;
  const std::uint64_t region_seed = splitmix64(splitmix64(chain_seed) ^ fnv1a(region));
  if (persistence <= 0.0) return sd * innovation(region_seed, date);
  // r_d = c Σ_k φ^k e_{d-k}, with c making the variance sd² exactly.
  double sum = 0.0;
  double weight = 1.0;
  double weights2 = 0.0;
  for (int k = 0; k < kRegionShockTerms; ++k) {
    sum += weight * innovation(region_seed, date - k);
    weights2 += weight * weight;
    weight *= persistence;
  }
  return sd * sum / std::sqrt(weights2);
}

std::uint64_t chain_store_seed(std::uint64_t chain_seed, std::string_view store) {
  return splitmix64(splitmix64(chain_seed) ^ fnv1a(store));
}

std::string encode_day_record(const DayRecord& d) {
  Writer w;
  w.num(kRecordMagic);
  w.text(d.store);
  w.num(d.date.days);
  w.num(static_cast<std::uint8_t>(d.holiday));
  w.num(d.parties);
  w.num(d.customers);
  w.num(d.failed_wishes);
  w.opt(d.shock);
  w.num(static_cast<std::uint32_t>(d.items.size()));
  for (const ItemDay& it : d.items) {
    w.text(it.item);
    w.num(it.sold);
    w.num(it.discarded);
    w.num(it.made);
    w.num(it.panel_orders);
    w.opt(it.stock_plates);
    w.num(static_cast<std::uint8_t>(it.stock_out));
    w.opt(it.stock_out_min);
    w.opt(it.true_demand);
    w.opt(it.expected_demand);
  }
  w.num(static_cast<std::uint32_t>(d.hourly_sold.size()));
  for (const std::int64_t v : d.hourly_sold) w.num(v);
  w.num(static_cast<std::uint32_t>(d.stock.size()));
  for (const IngredientDay& g : d.stock) {
    w.text(g.ingredient);
    w.text(g.policy);
    w.num(g.ordered_g);
    w.num(g.opening_g);
    w.num(g.used_g);
    w.num(g.expired_g);
    w.num(g.closing_g);
  }
  w.num(static_cast<std::uint32_t>(d.closing_lots.size()));
  for (const StockLot& lot : d.closing_lots) {
    w.text(lot.ingredient);
    w.num(lot.expires.days);
    w.num(lot.grams);
  }
  w.num(static_cast<std::uint8_t>(d.population.has_value()));
  if (const auto& p = d.population) {
    for (const std::int64_t v :
         {p->members, p->visits_new, p->visits_returning, p->walkaways, p->promoters, p->passives,
          p->detractors, p->churned, p->lapsed, p->recoveries, p->recovery_cost_yen, p->margin_yen})
      w.num(v);
    w.num(p->nps);
    w.num(p->mean_rating);
    w.num(p->retention);
  }
  return std::move(w.out);
}

DayRecord decode_day_record(std::string_view bytes) {
  Reader r(bytes);
  if (r.num<std::uint32_t>() != kRecordMagic) throw RecordCodecError("day record: bad magic");
  DayRecord d;
  d.store = r.text();
  d.date = Date{r.num<std::int32_t>()};
  d.holiday = r.num<std::uint8_t>() != 0;
  d.parties = r.num<std::int64_t>();
  d.customers = r.num<std::int64_t>();
  d.failed_wishes = r.num<std::int64_t>();
  d.shock = r.opt<double>();
  d.items.resize(r.count(4 + 8 * 4 + 5));
  for (ItemDay& it : d.items) {
    it.item = r.text();
    it.sold = r.num<std::int64_t>();
    it.discarded = r.num<std::int64_t>();
    it.made = r.num<std::int64_t>();
    it.panel_orders = r.num<std::int64_t>();
    it.stock_plates = r.opt<std::int64_t>();
    it.stock_out = r.num<std::uint8_t>() != 0;
    it.stock_out_min = r.opt<std::int32_t>();
    it.true_demand = r.opt<std::int64_t>();
    it.expected_demand = r.opt<double>();
  }
  d.hourly_sold.resize(r.count(8));
  for (std::int64_t& v : d.hourly_sold) v = r.num<std::int64_t>();
  d.stock.resize(r.count(8 + 5 * 8));
  for (IngredientDay& g : d.stock) {
    g.ingredient = r.text();
    g.policy = r.text();
    g.ordered_g = r.num<double>();
    g.opening_g = r.num<double>();
    g.used_g = r.num<double>();
    g.expired_g = r.num<double>();
    g.closing_g = r.num<double>();
  }
  d.closing_lots.resize(r.count(4 + 4 + 8));
  for (StockLot& lot : d.closing_lots) {
    lot.ingredient = r.text();
    lot.expires = Date{r.num<std::int32_t>()};
    lot.grams = r.num<double>();
  }
  if (r.num<std::uint8_t>() != 0) {
    PopulationDayRow& p = d.population.emplace();
    for (std::int64_t* v :
         {&p.members, &p.visits_new, &p.visits_returning, &p.walkaways, &p.promoters, &p.passives,
          &p.detractors, &p.churned, &p.lapsed, &p.recoveries, &p.recovery_cost_yen, &p.margin_yen})
      *v = r.num<std::int64_t>();
    p.nps = r.num<double>();
    p.mean_rating = r.num<double>();
    p.retention = r.num<double>();
  }
  if (!r.done()) throw RecordCodecError("day record: trailing bytes");
  return d;
}

}  // namespace kaiten::headoffice
