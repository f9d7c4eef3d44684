#!/usr/bin/env python3
"""Writes a synthetic chain file of N stores for benchmarks (docs/chain.md).

    scripts/make-chain.py N [--out FILE] [--seed S] [--regions R] [--centres C]

Every store is scenarios/chain_store.yaml with a demand scale drawn from 0.6..1.4 and, for a third
of them, fewer counter seats; stores are spread round-robin over the regions (each with a demand
shock of sd 0.08 and persistence 0.3) and centres. The same arguments always give the same file.
The scenario path is written relative to the output file's directory.
"""
import argparse
import os
import random
import sys


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("stores", type=int, help="number of stores")
    p.add_argument("--out", default="-", help="output file (default: stdout)")
    p.add_argument("--seed", type=int, default=1, help="chain seed, also of the draws here")
    p.add_argument("--regions", type=int, default=0, help="default: one per 40 stores, at least 2")
    p.add_argument("--centres", type=int, default=0, help="default: one per 20 stores, at least 2")
    a = p.parse_args()
    if a.stores < 1:
        p.error("at least one store")
    regions = a.regions or max(2, a.stores // 40)
    centres = a.centres or max(2, a.stores // 20)
    here = os.path.dirname(os.path.abspath(__file__))
    scenario = os.path.join(here, "..", "scenarios", "chain_store.yaml")
    out_dir = os.getcwd() if a.out == "-" else os.path.dirname(os.path.abspath(a.out))
    scenario = os.path.relpath(os.path.abspath(scenario), out_dir)
    rng = random.Random(a.seed)
    lines = [
        f"# Synthetic chain of {a.stores} stores: scripts/make-chain.py {a.stores} --seed {a.seed}",
        f'name: "Synthetic chain of {a.stores}"',
        f"seed: {a.seed}",
        "regions:",
    ]
    for r in range(regions):
        lines.append(f"  - {{id: r{r + 1:02d}, demand_shock_sd: 0.08, demand_shock_persistence: 0.3}}")
    lines.append("centres:")
    for c in range(centres):
        lines.append(f"  - {{id: dc{c + 1:02d}, lead_days: 1}}")
    lines.append("stores:")
    for s in range(a.stores):
        scale = round(rng.uniform(0.6, 1.4), 2)
        entry = (f"  - {{id: s{s + 1:04d}, scenario: {scenario}, region: r{s % regions + 1:02d}, "
                 f"centre: dc{s % centres + 1:02d}, demand_scale: {scale}")
        if rng.random() < 1 / 3:
            entry += f", overrides: {{\"tables[2].count\": {rng.randint(6, 12)}}}"
        lines.append(entry + "}")
    text = "\n".join(lines) + "\n"
    if a.out == "-":
        sys.stdout.write(text)
    else:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
