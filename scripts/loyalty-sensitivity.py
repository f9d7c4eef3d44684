#!/usr/bin/env python3
"""The sensitivity table of docs/loyalty.md: the CLV gap per starting member between the
predictive controller and a starved belt (fixed_mix at 3 plates a minute) with each population
parameter at its default, halved and doubled. Two `kaiten batch` runs per cell.

Usage: loyalty-sensitivity.py KAITEN SOURCE_DIR [DAYS]   (DAYS: 14)
"""
import os
import sqlite3
import subprocess
import sys
import tempfile

kaiten, src = sys.argv[1], sys.argv[2]
days = sys.argv[3] if len(sys.argv) > 3 else "14"
scenario = os.path.join(src, "scenarios", "default.yaml")
work = tempfile.mkdtemp()
runs = 0


def clv(extra, starved):
    global runs
    runs += 1
    db = os.path.join(work, f"{runs}.db")
    args = [kaiten, "batch", scenario, "--days", days, "--start", "2025-04-07", "--quiet",
            "--history", db, "--set", "population.enabled=true"]
    for e in extra:
        args += ["--set", e]
    if starved:
        args += ["--set", "controller.policy=fixed_mix", "--set",
                 "controller.fixed_rate_plates_per_min=3"]
    subprocess.run(args, check=True)
    con = sqlite3.connect(db)
    start = con.execute("SELECT min(joined) FROM population_members").fetchone()[0]
    value = con.execute("SELECT avg(clv_yen) FROM population_members WHERE joined = ?",
                        (start,)).fetchone()[0]
    con.close()
    return value


def gap(extra):
    return clv(extra, False) - clv(extra, True)


base = gap([])
print("| parameter | default | CLV gap, halved | CLV gap, doubled |")
print("|---|---|---|---|")
print(f"| (defaults) | | {base:.0f} yen | {base:.0f} yen |")
defaults = {"revisit_sensitivity": 0.3, "churn_floor": 0.25, "memory_decay": 0.7,
            "expectation_anchor": 0.5, "visits_per_month": 2.0, "discount_rate": 0.08,
            "weights.first_plate": 1.0, "weights.unmet_appetite": 1.0}
limits = {"memory_decay": 0.99, "churn_floor": 1.0, "expectation_anchor": 1.0}
for key, value in defaults.items():
    cells = []
    for factor in (0.5, 2.0):
        x = min(value * factor, limits.get(key, float("inf")))
        g = gap([f"population.{key}={x}"])
        cells.append(f"{g:.0f} ({g / base:.2f}×)")
    print(f"| `{key}` | {value} | {cells[0]} | {cells[1]} |", flush=True)
