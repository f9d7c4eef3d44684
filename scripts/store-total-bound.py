#!/usr/bin/env python3
"""How well can any night-before forecast do on a batch history's store total? (issue 19)

Reads a history written by `kaiten batch ... --oracle-reps R` (the days' shock column, the
true demand and the oracle's expected demand) and prints, for the scored days FROM..TO, the
store-total RMSSE (scaled like `kaiten backtest`: the in-sample seasonal-naive MSE of the true
total over the days before FROM) of:

  old        the old computation: oracle total x exp(phi s[t-1] - s[t]) (docs/headoffice.md)
  oracle     the oracle total itself (knows the day's visits and its shock)
  bound      a forecast that knows, besides everything a night-before forecast could know,
             more than it could: the weekday and holiday effects and the shock's effect fitted
             on every day of the history (the scored ones included), the store's slowly moving
             level from a centred 15-day mean (half of it in the future), and yesterday's shock;
             it misses only today's shock innovation, the day's visit draws and what the
             customers do in the store.

and the floor from the variance components: in-store noise (the true total against the
oracle, which reruns the same visits R times), the visits' own noise given the day's
expected arrivals (the residual of log oracle after the weekday, holiday, level and shock)
and today's shock innovation (sd x sqrt(1 - persistence^2), the scenario's).

Usage: scripts/store-total-bound.py H.db --from 2025-04-10 --to 2025-06-04 [--sd 0.1]
       [--persistence 0.4] [--reps 4]
"""
import argparse
import datetime
import math
import sqlite3
import sys


def solve(a, b):
    """Solves a x = b (small dense, Gaussian elimination with partial pivoting)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            raise ValueError("singular design")
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def least_squares(x, y):
    k = len(x[0])
    xtx = [[sum(r[i] * r[j] for r in x) for j in range(k)] for i in range(k)]
    xty = [sum(r[i] * v for r, v in zip(x, y)) for i in range(k)]
    return solve(xtx, xty)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("history")
    ap.add_argument("--from", dest="first", required=True)
    ap.add_argument("--to", dest="last", required=True)
    ap.add_argument("--store", default=None)
    ap.add_argument("--sd", type=float, default=0.10, help="demand.shock_sd of the scenario")
    ap.add_argument("--persistence", type=float, default=0.4,
                    help="demand.shock_persistence of the scenario")
    ap.add_argument("--reps", type=int, default=4, help="--oracle-reps of the batch")
    ap.add_argument("--level-days", type=int, default=15, help="centred window of the level")
    args = ap.parse_args()

    db = sqlite3.connect(args.history)
    store = args.store or db.execute("SELECT store FROM stores ORDER BY store").fetchone()[0]
    rows = db.execute(
        "SELECT d.date, d.weekday, d.holiday, d.shock, d.customers, "
        "SUM(COALESCE(s.true_demand, s.sold)), SUM(s.expected_demand), SUM(s.sold) "
        "FROM days d JOIN sales s ON s.store = d.store AND s.date = d.date "
        "WHERE d.store = ? GROUP BY d.date ORDER BY d.date", (store,)).fetchall()
    if not rows or any(r[3] is None or r[6] is None for r in rows):
        sys.exit("the history needs the shock column and the oracle (--oracle-reps)")
    dates = [datetime.date.fromisoformat(r[0]) for r in rows]
    if any((b - a).days != 1 for a, b in zip(dates, dates[1:])):
        sys.exit("the history has missing days")
    n = len(rows)
    weekday = [r[1] for r in rows]
    holiday = [r[2] for r in rows]
    shock = [r[3] for r in rows]
    true = [float(r[5]) for r in rows]
    oracle = [float(r[6]) for r in rows]
    first = datetime.date.fromisoformat(args.first)
    last = datetime.date.fromisoformat(args.last)
    offset = (first - dates[0]).days
    scored = [t for t in range(n) if first <= dates[t] <= last]

    # The scale: the in-sample seasonal-naive MSE of the true total before FROM (as backtest).
    diffs = [(true[t] - true[t - 7]) ** 2 for t in range(7, offset)]
    scale = sum(diffs) / len(diffs)

    def rmsse(forecast):
        return math.sqrt(sum((true[t] - forecast[t]) ** 2 for t in scored) / len(scored) / scale)

    phi, sd = args.persistence, args.sd
    innovation_var = sd * sd * (1 - phi * phi)

    old = [oracle[t] * math.exp(phi * shock[t - 1] - shock[t]) if t > 0 else oracle[t]
           for t in range(n)]

    def fit_log(series):
        """log series = weekday + holiday + level + beta s[t] + r[t]: the level a centred mean
        of the rest, the others by least squares, alternating (backfitting)."""
        y = [math.log(v) for v in series]
        level = [0.0] * n
        half = args.level_days // 2
        x = [[1.0 if weekday[t] == d else 0.0 for d in range(7)] + [float(holiday[t]), shock[t]]
             for t in range(n)]
        for _ in range(200):
            coef = least_squares(x, [y[t] - level[t] for t in range(n)])
            fit = [sum(c * v for c, v in zip(coef, x[t])) for t in range(n)]
            rest = [y[t] - fit[t] for t in range(n)]
            new = []
            for t in range(n):
                window = rest[max(0, t - half):t + half + 1]
                new.append(sum(window) / len(window))
            mean_level = sum(new) / n
            new = [v - mean_level for v in new]
            done = max(abs(a - b) for a, b in zip(new, level)) < 1e-12
            level = new
            if done:
                break
        resid = [y[t] - fit[t] - level[t] for t in range(n)]
        # Degrees of freedom: 9 coefficients and about n / level_days for the level.
        resid_var = sum(r * r for r in resid) / (n - 9 - n / args.level_days)
        return coef, fit, level, resid_var

    def knowable(coef, fit, level, resid_var):
        """The forecast from all but today's shock innovation and the day's own noise."""
        beta = coef[8]
        unknown = beta * beta * innovation_var + resid_var
        return [math.exp(fit[t] - beta * shock[t] + beta * phi * shock[t - 1] + level[t] +
                         unknown / 2) if t > 0 else true[t] for t in range(n)]

    coef, fit, level, resid_var = fit_log(true)
    beta = coef[8]
    bound = knowable(coef, fit, level, resid_var)
    ocoef, ofit, olevel, oresid_var = fit_log(oracle)
    obeta = ocoef[8]
    old_beta = [oracle[t] * math.exp(obeta * (phi * shock[t - 1] - shock[t]))
                if t > 0 else oracle[t] for t in range(n)]

    # The floor from the variance components, per scored day: the in-store noise (the true
    # total against the oracle, which reran the same visits `reps` times: E (T - O)^2 = v (1 +
    # 1/reps)), the visits' own noise (the oracle's residual less its in-store part / reps) and
    # today's shock innovation through the oracle's beta.
    in_store = sum((true[t] - oracle[t]) ** 2 for t in scored) / len(scored) / (1 + 1 / args.reps)
    mean_oracle2 = sum(oracle[t] ** 2 for t in scored) / len(scored)
    visit_log_var = max(0.0, oresid_var - in_store / args.reps / mean_oracle2)
    floor = sum(in_store + oracle[t] ** 2 * (obeta * obeta * innovation_var + visit_log_var)
                for t in scored) / len(scored)

    mean_true = sum(true[t] for t in scored) / len(scored)
    print(f"history {args.history}, store {store}, scored {args.first}..{args.last} "
          f"({len(scored)} days), mean true total {mean_true:.0f} plates")
    print(f"scale (seasonal-naive RMSE of the total before {args.first}): {math.sqrt(scale):.1f}")
    print(f"shock's effect on log total: beta = {beta:.3f} (true), {obeta:.3f} (oracle)")
    print(f"holiday effect {coef[7]:+.3f}; level sd {math.sqrt(sum(v * v for v in level) / n):.4f}")
    print(f"sd as a share of the day's total: in-store {math.sqrt(in_store) / mean_true:.4f}, "
          f"visits {math.sqrt(visit_log_var):.4f}, shock innovation x beta "
          f"{abs(obeta) * math.sqrt(innovation_var):.4f}")
    print(f"RMSSE old computation, oracle x exp(phi s[t-1] - s[t]): {rmsse(old):.3f}")
    print(f"RMSSE the same with the oracle's beta, exp(beta (phi s[t-1] - s[t])): "
          f"{rmsse(old_beta):.3f}")
    print(f"RMSSE oracle (knows the day's visits and shock): {rmsse(oracle):.3f}")
    print(f"RMSSE bound (knows the levels, beta, yesterday's shock): {rmsse(bound):.3f}")
    print(f"RMSSE floor from the variance components: {math.sqrt(floor / scale):.3f}")

if __name__ == "__main__":
    main()
