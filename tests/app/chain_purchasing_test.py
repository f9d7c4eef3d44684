#!/usr/bin/env python3
"""Head-office purchasing for a chain (docs/headoffice.md): `kaiten forecast --chain` and
`kaiten backtest --chain` on the small chain (two centres: one of two stores, one of one).

Checked from the files, independently of kaiten's arithmetic: a centre of one store pools nothing
(pooled = separate, to the gram and the yen); the pooled expected cost is never above the stores'
own (the pooled target is the optimum of the summed need, the stores' targets summed are one
feasible order); each centre's stock on hand is its stores' (orders.csv); orders are net of it;
the chain's backtest rows are its centres' sums; the same inputs give the same bytes; bad
arguments exit 2.

Usage: chain_purchasing_test.py KAITEN SOURCE_DIR
"""
import functools
import json
import os
import sys
import tempfile
from collections import defaultdict

from cli_support import fail, rows, run_kaiten

kaiten, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()
run = functools.partial(run_kaiten, kaiten)
chain = os.path.join(src, "scenarios", "chains", "chain_small.yaml")
centre_of = {"east-01": "dc-east", "east-02": "dc-east", "west-01": "dc-west"}


def close(a, b, tolerance=0.011):
    return abs(float(a) - float(b)) <= tolerance


def main():
    history = os.path.join(work, "h.db")
    run("chain", "batch", chain, "--days", "14", "--start", "2025-03-03", "--history", history,
        "--quiet")

    # --- kaiten forecast --chain ---------------------------------------------------------------
    out = os.path.join(work, "fc")
    run("forecast", "--history", history, "--date", "2025-03-17", "--chain", chain, "--out", out,
        "--quiet")
    centres = rows(os.path.join(out, "centre_orders.csv"))
    orders = rows(os.path.join(out, "orders.csv"))
    forecast = rows(os.path.join(out, "forecast.csv"))
    if {r["store"] for r in forecast} != set(centre_of):
        fail("forecast.csv does not hold every store of the chain")
    on_hand = defaultdict(float)
    for r in orders:
        on_hand[(centre_of[r["store"]], r["ingredient"])] += float(r["on_hand_g"])
    if not centres:
        fail("centre_orders.csv is empty")
    for r in centres:
        key = (r["centre"], r["ingredient"])
        what = f"{key[0]} {key[1]}"
        if float(r["pooled_expected_cost_yen"]) > float(r["separate_expected_cost_yen"]) + 0.01:
            fail(f"{what}: pooling costs more than the stores' own orders")
        if not close(r["saving_yen"], float(r["separate_expected_cost_yen"]) -
                     float(r["pooled_expected_cost_yen"]), 0.02):
            fail(f"{what}: saving is not separate - pooled")
        if not close(r["on_hand_g"], on_hand[key], 0.05):
            fail(f"{what}: on hand {r['on_hand_g']}, its stores hold {on_hand[key]}")
        if not close(r["pooled_order_g"], max(0.0, float(r["pooled_target_g"]) -
                                              float(r["on_hand_g"])), 0.02):
            fail(f"{what}: the pooled order is not net of the stock on hand")
        if r["centre"] == "dc-west":
            if r["stores"] != "1" or r["pooled_target_g"] != r["separate_target_g"] or \
                    r["pooled_expected_cost_yen"] != r["separate_expected_cost_yen"]:
                fail(f"{what}: a centre of one store pools nothing, yet {r}")
    east = [r for r in centres if r["centre"] == "dc-east"]
    if sum(float(r["saving_yen"]) for r in east) <= 0:
        fail("the centre of two stores saves nothing by pooling")
    with open(os.path.join(out, "forecast.json")) as f:
        doc = json.load(f)
    correlation = doc["shock_correlation"]
    if not 0 <= correlation["between_regions"] <= min(correlation["within_region"].values()) < 1:
        fail(f"shock correlation out of order: {correlation}")
    again = os.path.join(work, "fc2")
    run("forecast", "--history", history, "--date", "2025-03-17", "--chain", chain, "--out", again,
        "--quiet")
    for name in ("forecast.csv", "orders.csv", "centre_orders.csv", "forecast.json"):
        with open(os.path.join(out, name), "rb") as a, open(os.path.join(again, name), "rb") as b:
            if a.read() != b.read():
                fail(f"{name} differs between two identical runs")

    # --- kaiten backtest --chain ---------------------------------------------------------------
    bt = os.path.join(work, "bt")
    run("backtest", "--history", history, "--chain", chain, "--from", "2025-03-12", "--to",
        "2025-03-16", "--out", bt, "--quiet")
    table = rows(os.path.join(bt, "chain_backtest.csv"))
    by = {(r["centre"], r["rule"]): r for r in table}
    for rule in ("pooled", "separate", "fixed_par"):
        for field in ("shortage_yen", "leftover_yen", "cost_yen", "ordered_kg"):
            parts = sum(float(by[(c, rule)][field]) for c in ("dc-east", "dc-west"))
            if not close(by[("chain", rule)][field], parts, 0.05):
                fail(f"chain {rule} {field} is not the centres' sum")
        if by[("chain", rule)]["days"] != "5":
            fail(f"{rule}: {by[('chain', rule)]['days']} days scored, expected 5")
    for field in ("shortage_yen", "leftover_yen", "cost_yen"):
        if by[("dc-west", "pooled")][field] != by[("dc-west", "separate")][field]:
            fail(f"dc-west: one store, yet pooled and separate {field} differ")

    # --- a centre's lead time and its own ingredient costs (docs/chain.md) -----------------------
    with open(chain) as f:
        text = f.read()
    own = text.replace("  - {id: dc-west, lead_days: 1}",
                       "  - {id: dc-west, lead_days: 2, ingredients: {salmon: "
                       "{underage_yen_per_kg: 5000, overage_yen_per_kg: 1000}}}")
    if own == text:
        fail("chain_small.yaml's dc-west line changed: update this test")
    own_chain = os.path.join(work, "own.yaml")
    with open(own_chain, "w") as f:
        f.write(own.replace("scenario: ../chain_store.yaml",
                            f"scenario: {os.path.join(src, 'scenarios', 'chain_store.yaml')}"))
    out3 = os.path.join(work, "fc3")
    run("forecast", "--history", history, "--date", "2025-03-17", "--chain", own_chain, "--out",
        out3, "--quiet")
    with open(os.path.join(out3, "forecast.json")) as f:
        horizons = {s["store"]: s["horizon_days"] for s in json.load(f)["stores"]}
    if horizons != {"east-01": 1, "east-02": 1, "west-01": 2}:
        fail(f"lead time 2 should forecast west-01 two days ahead: {horizons}")
    salmon = [r for r in rows(os.path.join(out3, "centre_orders.csv"))
              if (r["centre"], r["ingredient"]) == ("dc-west", "salmon")]
    if len(salmon) != 1 or salmon[0]["underage_yen_per_kg"] != "5000.00" or \
            salmon[0]["overage_yen_per_kg"] != "1000.00" or \
            not close(salmon[0]["critical_ratio"], 5000 / 6000, 1e-4):
        fail(f"dc-west's own salmon costs were not used: {salmon}")

    # --- a delivery schedule: dc-west delivers on Mondays only --------------------------------
    weekly = text.replace("  - {id: dc-west, lead_days: 1}",
                          "  - {id: dc-west, lead_days: 1, delivery_days: [mon]}")
    weekly_chain = os.path.join(work, "weekly.yaml")
    with open(weekly_chain, "w") as f:
        f.write(weekly.replace("scenario: ../chain_store.yaml",
                               f"scenario: {os.path.join(src, 'scenarios', 'chain_store.yaml')}"))
    daily_need = {r["ingredient"]: float(r["mean_need_g"]) for r in centres
                  if r["centre"] == "dc-west"}
    monday = os.path.join(work, "fc-mon")  # 2025-03-17 is a Monday: the week to come
    run("forecast", "--history", history, "--date", "2025-03-17", "--chain", weekly_chain,
        "--out", monday, "--quiet")
    with open(os.path.join(monday, "forecast.json")) as f:
        covered = {s["store"]: s["covered_days"] for s in json.load(f)["stores"]}
    if covered != {"east-01": 1, "east-02": 1, "west-01": 7}:
        fail(f"a Monday delivery of a weekly centre covers 7 days: {covered}")
    for r in rows(os.path.join(monday, "centre_orders.csv")):
        if r["centre"] != "dc-west" or daily_need.get(r["ingredient"], 0) < 1000:
            continue
        ratio = float(r["mean_need_g"]) / daily_need[r["ingredient"]]
        if not 5 < ratio < 10:  # seven days, the weekend busier than a Monday
            fail(f"dc-west {r['ingredient']}: a week's need is {ratio:.2f} Mondays'")
    tuesday = os.path.join(work, "fc-tue")
    run("forecast", "--history", history, "--date", "2025-03-18", "--chain", weekly_chain,
        "--out", tuesday, "--quiet")
    if any(r["centre"] == "dc-west" for r in rows(os.path.join(tuesday, "centre_orders.csv"))) or \
            any(r["store"] == "west-01" for r in rows(os.path.join(tuesday, "orders.csv"))):
        fail("dc-west does not deliver on Tuesdays, yet it ordered")
    bt_weekly = os.path.join(work, "bt-weekly")
    run("backtest", "--history", history, "--chain", weekly_chain, "--from", "2025-03-10", "--to",
        "2025-03-11", "--out", bt_weekly, "--quiet")
    weekly_rows = {(r["centre"], r["rule"]): r for r in rows(os.path.join(bt_weekly,
                                                                          "chain_backtest.csv"))}
    # Monday's delivery at dc-west covers the week to Sunday 2025-03-16, the history's last day;
    # dc-west's one store pools nothing.
    if ("dc-west", "pooled") not in weekly_rows or \
            weekly_rows[("dc-west", "pooled")]["cost_yen"] != weekly_rows[("dc-west", "separate")]["cost_yen"]:
        fail(f"the weekly centre's Monday delivery was not scored as one store's: {weekly_rows}")

    # --- bad arguments ---------------------------------------------------------------------------
    p = run("forecast", "--history", history, "--date", "2025-03-17", "--chain", chain, "--store",
            "east-01", "--out", os.path.join(work, "x"), code=2)
    if "--chain" not in p.stderr:
        fail("--chain with --store: the refusal does not say why")
    other = os.path.join(work, "other.yaml")
    with open(other, "w") as f:
        f.write("regions: [{id: r}]\ncentres: [{id: c}]\nstores:\n"
                f"  - {{id: nowhere-01, scenario: {os.path.join(src, 'scenarios', 'chain_store.yaml')}, "
                "region: r, centre: c}\n")
    p = run("backtest", "--history", history, "--chain", other, "--from", "2025-03-12", "--to",
            "2025-03-16", code=2)
    if "nowhere-01 is not in the history" not in p.stderr:
        fail(f"a chain store missing from the history: {p.stderr}")
    saved = sum(float(r["saving_yen"]) for r in centres)
    print(f"chain purchasing: {len(centres)} centre orders, pooling saves ¥{saved:.0f} expected; "
          f"backtest chain cost pooled {by[('chain', 'pooled')]['cost_yen']} against separate "
          f"{by[('chain', 'separate')]['cost_yen']}")


main()
