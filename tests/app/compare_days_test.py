#!/usr/bin/env python3
"""`kaiten compare --days N` (docs/whatif.md "Comparing policies over days").

- means.csv and differences.csv are recomputed here from runs.csv (mean, Student-t 95 %
  interval, paired differences per seed);
- one run of runs.csv is recomputed from a `kaiten batch` history of the same seed, policy and
  days (CLV per starting member, visits, NPS proxy, churned, member margin, gross margin, mean
  daily waste rate): compare runs what a batch runs;
- a starved belt (fixed_mix at 3 plates a minute) has lower CLV per starting member than the
  predictive controller, an interval that excludes zero;
- the four files are the same bytes with --jobs 1 and --jobs 3; `kaiten report` reads them;
- without a population the days still run (no population measures, said on stdout); --start
  without --days is refused.

Usage: compare_days_test.py KAITEN SOURCE_DIR
"""
import csv
import functools
import json
import math
import os
import sqlite3
import sys
import tempfile

from cli_support import fail, rows, run_kaiten

kaiten, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
run = functools.partial(run_kaiten, kaiten)
scenario = os.path.join(src, "scenarios", "default.yaml")
DAYS, START, REPS = 4, "2025-04-07", 3
# Student's t, 0.975 quantile, by degrees of freedom (tables).
T975 = {1: 12.706204736, 2: 4.302652730, 3: 3.182446305, 4: 2.776445105}


def close(a, b, what, rel=1e-9, abs_tol=1e-6):
    if not math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol):
        fail(f"{what}: {a} != {b}")


def interval(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, mean, mean
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = T975[n - 1] * sd / math.sqrt(n)
    return mean, mean - half, mean + half


on = ["--set", "population.enabled=true"]
starved = ["--set", "controller.fixed_rate_plates_per_min=3"]
common = [scenario, "--days", str(DAYS), "--start", START, "--replications", str(REPS),
          "--policies", "predictive", "fixed_mix", *on, *starved, "--quiet"]
a, b = os.path.join(work, "a"), os.path.join(work, "b")
run("compare", *common, "--jobs", "1", "--out", a)
run("compare", *common, "--jobs", "3", "--out", b)
for name in ("runs.csv", "means.csv", "differences.csv", "compare.json"):
    if open(os.path.join(a, name), "rb").read() != open(os.path.join(b, name), "rb").read():
        fail(f"{name} differs between --jobs 1 and --jobs 3")

doc = json.load(open(os.path.join(a, "compare.json")))
if doc.get("days") != DAYS or doc.get("start") != START or doc.get("population") is not True:
    fail(f"compare.json: days/start/population: {doc.get('days')} {doc.get('start')} "
         f"{doc.get('population')}")
names = [m["name"] for m in doc["measures"]]
for wanted in ("clv_per_member_yen", "visits", "nps_proxy", "churned_members", "waste_rate",
               "gross_margin_yen"):
    if wanted not in names:
        fail(f"compare.json: no measure {wanted}")

# means.csv and differences.csv from runs.csv.
runs = rows(os.path.join(a, "runs.csv"))
by_policy = {}
for r in runs:
    by_policy.setdefault(r["policy"], []).append(r)
if sorted(by_policy) != ["fixed_mix", "predictive"] or any(len(v) != REPS
                                                           for v in by_policy.values()):
    fail(f"runs.csv: {len(runs)} rows")
for r in by_policy["predictive"]:
    if int(r["seed"]) != int(r["replication"]):
        fail("runs.csv: replication r does not have seed r (first seed 1)")
means = {r["policy"]: r for r in rows(os.path.join(a, "means.csv"))}
diffs = {r["policy"]: r for r in rows(os.path.join(a, "differences.csv"))}
for m in names:
    for p, rs in by_policy.items():
        mean, low, high = interval([float(r[m]) for r in rs])
        close(float(means[p][m + ".mean"]), mean, f"means.csv {p} {m}.mean")
        close(float(means[p][m + ".low95"]), low, f"means.csv {p} {m}.low95")
        close(float(means[p][m + ".high95"]), high, f"means.csv {p} {m}.high95")
    d = [float(x[m]) - float(y[m]) for x, y in zip(by_policy["fixed_mix"], by_policy["predictive"])]
    mean, low, high = interval(d)
    close(float(diffs["fixed_mix"][m + ".mean"]), mean, f"differences.csv {m}.mean")
    close(float(diffs["fixed_mix"][m + ".low95"]), low, f"differences.csv {m}.low95")
    close(float(diffs["fixed_mix"][m + ".high95"]), high, f"differences.csv {m}.high95")

# The starved belt loses customer value.
clv = diffs["fixed_mix"]
print(f"CLV per starting member, fixed_mix - predictive: {float(clv['clv_per_member_yen.mean']):.1f}"
      f" [{float(clv['clv_per_member_yen.low95']):.1f}, "
      f"{float(clv['clv_per_member_yen.high95']):.1f}] yen")
if not float(clv["clv_per_member_yen.high95"]) < 0:
    fail("a starved belt's CLV is not clearly below the predictive controller's")

# Replication 2 of fixed_mix is the batch of seed 2 under fixed_mix.
db = os.path.join(work, "h.db")
run("batch", scenario, "--days", str(DAYS), "--start", START, "--seed", "2", "--history", db,
    "--quiet", *on, *starved, "--set", "controller.policy=fixed_mix")
con = sqlite3.connect(db)
pd = con.execute("SELECT members, visits_new + visits_returning, visits_returning, promoters, "
                 "passives, detractors, churned, margin_yen, retention FROM population_days "
                 "ORDER BY date").fetchall()
if len(pd) != DAYS:
    fail(f"batch wrote {len(pd)} population days")
starting = pd[0][0]
clv_sum = con.execute("SELECT sum(clv_yen) FROM population_members WHERE member < ?",
                      (starting,)).fetchone()[0]
gross = con.execute("SELECT sum(s.sold * i.price_yen - s.made * i.cost_yen) FROM sales s JOIN "
                    "items i USING (store, item)").fetchone()[0]
daily = con.execute("SELECT sum(made), sum(sold) FROM sales GROUP BY date ORDER BY date").fetchall()
con.close()
rated = sum(r[3] + r[4] + r[5] for r in pd)
expected = {
    "clv_per_member_yen": clv_sum / starting,
    "visits": sum(r[1] for r in pd),
    "visits_returning": sum(r[2] for r in pd),
    "nps_proxy": 100.0 * (sum(r[3] for r in pd) - sum(r[5] for r in pd)) / rated,
    "churned_members": sum(r[6] for r in pd),
    "member_margin_yen": sum(r[7] for r in pd),
    "retention": 100.0 * pd[-1][8],
    "gross_margin_yen": gross,
    # waste = made - eaten (discarded or left at closing), per day, then the days' mean
    "waste_rate": sum(100.0 * (made - sold) / made for made, sold in daily) / DAYS,
}
got = by_policy["fixed_mix"][1]
for m, v in expected.items():
    close(float(got[m]), v, f"runs.csv fixed_mix replication 2 {m} against the batch", rel=1e-6)

# kaiten report reads the folder and shows the population measures.
page = os.path.join(work, "compare.html")
run("report", a, "--out", page, "--quiet")
html = open(page).read()
if "clv_per_member_yen" not in html or f"each replication {DAYS} days" not in html:
    fail("the report does not show the CLV or the days")

# Without a population the days still run; no population measures.
c = os.path.join(work, "c")
out = run("compare", scenario, "--days", "2", "--start", START, "--replications", "2",
          "--out", c).stdout
if "no customer population" not in out:
    fail("compare --days without a population does not say so:\n" + out)
header = open(os.path.join(c, "runs.csv")).readline()
if "clv_per_member_yen" in header or "waste_rate" not in header:
    fail("runs.csv without a population: " + header)
p = run("compare", scenario, "--start", START, code=2)
if "--start needs --days" not in p.stderr:
    fail("--start without --days: " + p.stderr)
print("OK")
