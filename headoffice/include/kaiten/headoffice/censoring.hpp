#pragma once
// Sold-out days are censored demand: the day sold what it had, not what was wanted. Before a model
// is fitted each such day's sales are replaced by an estimate of its demand (docs/headoffice.md):
//  - when the time of the sell-out is known, as a share F of the day's store-wide sales made
//    before it (the day's own traffic profile): demand ≈ sold / F, for F >= min_share;
//  - otherwise by the conditional mean under a normal distribution fitted to the same weekday's
//    uncensored days (up to 4 weeks either side): E[D | D >= sold] = μ + σ φ(a) / (1 - Φ(a)),
//    a = (sold - μ) / σ, with σ at least √μ (Poisson noise).
// An estimate is never below what was sold.
#include <cstdint>
#include <vector>

namespace kaiten::headoffice {

struct CensorOptions {
  double min_share = 0.2;  ///< below this share of the day, the profile is not trusted
};

/// Demand estimates for `sold` (NaN = missing, kept), where stock_out[t] marks sold-out days and
/// share_before_out[t] (NaN = unknown) is the share of the day's store sales before the sell-out.
std::vector<double> uncensor(const std::vector<double>& sold,
                             const std::vector<std::uint8_t>& stock_out,
                             const std::vector<double>& share_before_out,
                             const CensorOptions& options = {});

/// E[D | D >= c] for D ~ Normal(mean, sd) (Boost.Math), the conditional mean of a censored day.
double normal_mean_above(double mean, double sd, double c);

}  // namespace kaiten::headoffice
