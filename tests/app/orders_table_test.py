#!/usr/bin/env python3
"""orders.csv of `kaiten run --out` (docs/measures.md) against the run's other outputs.

Recomputes from each order's four clock times, not from the file's own minute columns: the
order lead-time distribution in summary.json (n, mean, nearest-rank p50/p95) and its parts, each
party's eaten orders in parties.csv, the express flag from summary.json's lane kinds, and the
times' order (ordered <= started <= cooked <= eaten, rows in order of eating).

Usage: orders_table_test.py KAITEN SOURCE_DIR
"""
import json
import math
import os
import sys
import tempfile
from collections import Counter

from cli_support import clock_ms, fail, rows, run_kaiten

kaiten, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()


def nearest_rank(sorted_values, p):
    k = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[k - 1]


def check_distribution(name, values, expected):
    values = sorted(values)
    if len(values) != expected["n"]:
        fail(f"{name}: {len(values)} orders, summary.json says {expected['n']}")
    mean = sum(values) / len(values)
    for label, got in (("mean", mean), ("p50", nearest_rank(values, 50)),
                       ("p95", nearest_rank(values, 95))):
        if abs(got - expected[label]) > 1e-6:
            fail(f"{name}.{label}: {got} from orders.csv, summary.json says {expected[label]}")


def main():
    out = os.path.join(work, "run")
    # The default store: three loops and an express lane, so both kinds of delivery occur.
    run_kaiten(kaiten, "run", os.path.join(src, "scenarios", "default.yaml"), "--out", out,
               "--quiet")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    orders = rows(os.path.join(out, "orders.csv"))
    parties = {row["party"]: row for row in rows(os.path.join(out, "parties.csv"))}
    if len(orders) < 100:
        fail(f"only {len(orders)} orders on the default day")

    minute = 60000.0
    lead, queue, cook, delivery = [], [], [], []
    previous_eaten = -1
    for row in orders:
        t = [clock_ms(row[c]) for c in ("ordered", "started", "cooked", "eaten")]
        if t != sorted(t):
            fail(f"order of party {row['party']}: times out of order {t}")
        if t[3] < previous_eaten:
            fail("orders.csv is not in order of eating")
        previous_eaten = t[3]
        lead.append((t[3] - t[0]) / minute)
        queue.append((t[1] - t[0]) / minute)
        cook.append((t[2] - t[1]) / minute)
        delivery.append((t[3] - t[2]) / minute)
        if abs(float(row["lead_min"]) - lead[-1]) > 0.005 + 1e-9:
            fail(f"lead_min {row['lead_min']} is not eaten - ordered ({lead[-1]:.4f})")
        kind = summary["lanes"][row["lane"]]["kind"]
        if (row["express"] == "1") != (kind == "express"):
            fail(f"express={row['express']} on a {kind} lane {row['lane']}")
    cx = summary["customers"]
    check_distribution("panel_lead_time_min", lead, cx["panel_lead_time_min"])
    check_distribution("order_queue_min", queue, cx["order_queue_min"])
    check_distribution("order_cook_min", cook, cx["order_cook_min"])
    check_distribution("order_delivery_min", delivery, cx["order_delivery_min"])

    per_party = Counter(row["party"] for row in orders)
    for party, row in parties.items():
        if per_party.get(party, 0) != int(row["ordered_eaten"]):
            fail(f"party {party}: {per_party.get(party, 0)} rows in orders.csv, "
                 f"parties.csv says {row['ordered_eaten']} ordered plates eaten")
    if set(per_party) - set(parties):
        fail("orders.csv names parties that parties.csv does not have")
    kinds = Counter(row["express"] for row in orders)
    if kinds["1"] == 0 or kinds["0"] == 0:
        fail(f"expected express and loop deliveries on the default day, got {dict(kinds)}")
    print(f"orders.csv: {len(orders)} orders ({kinds['1']} express) agree with summary.json and "
          "parties.csv")


main()
