#!/usr/bin/env python3
"""The customer population (docs/loyalty.md) through the command line.

golden: without the population, or with `population.enabled: false`, the outputs are the same
        bytes (kaiten run and kaiten batch); with it, the same seed gives the same history and
        members CSV, and a batch resumed after 3 of 6 days the same as one run through; a
        history without the members' state is refused, not restarted.
policy: a starved belt (fixed_mix at 3 plates/min) against the predictive controller on common
        random numbers: lower satisfaction, fewer visits and lower CLV per starting member, with
        95 % intervals (paired by member and by day) that exclude zero; with the satisfaction
        weights at zero the two see exactly the same visitors and differ only in margin.

Usage: loyalty_test.py KAITEN SOURCE_DIR golden|policy
"""
import functools
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

from cli_support import fail, run_kaiten

kaiten, src, part = sys.argv[1], sys.argv[2], sys.argv[3]
work = tempfile.mkdtemp()
run = functools.partial(run_kaiten, kaiten)


def dump(db, population=False):
    """Every row a batch writes, wall-clock columns and the stores row (its scenario text holds
    the overrides) left out."""
    con = sqlite3.connect(db)
    out = []
    tables = ["items", "ingredients", "recipes", "calendar", "sales", "day_hours", "stock",
              "stock_lots"]
    if population:
        tables += ["population_days", "population_members"]
    for t in tables:
        out += [repr(r) for r in con.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3")]
    out += [repr(r) for r in con.execute(
        "SELECT store, date, weekday, holiday, parties, customers, failed_wishes, shock FROM days "
        "ORDER BY store, date")]
    con.close()
    return out


def golden():
    scenario = os.path.join(src, "scenarios", "default.yaml")
    a, b = os.path.join(work, "a"), os.path.join(work, "b")
    run("run", scenario, "--out", a, "--quiet")
    run("run", scenario, "--out", b, "--quiet", "--set", "population.enabled=false")
    for name in sorted(os.listdir(a)):
        if name in ("run.log", "kaiten-manifest.json"):
            continue  # both record the overrides
        x = open(os.path.join(a, name), "rb").read()
        y = open(os.path.join(b, name), "rb").read()
        if name == "summary.json":
            jx, jy = json.loads(x), json.loads(y)
            jx.pop("overrides")
            jy.pop("overrides")
            x, y = json.dumps(jx).encode(), json.dumps(jy).encode()
        if x != y:
            fail(f"kaiten run: {name} differs with population.enabled=false")
    year = os.path.join(src, "scenarios", "bench", "year_batch.yaml")
    days = ["--days", "3", "--start", "2025-03-01", "--quiet"]
    h1, h2 = os.path.join(work, "h1.db"), os.path.join(work, "h2.db")
    run("batch", year, *days, "--history", h1)
    run("batch", year, *days, "--history", h2, "--set", "population.enabled=false")
    if dump(h1) != dump(h2):
        fail("kaiten batch: the history differs with population.enabled=false")
    con = sqlite3.connect(h1)
    if con.execute("SELECT count(*) FROM population_days").fetchone()[0] != 0:
        fail("a batch without a population wrote population days")
    if con.execute("PRAGMA user_version").fetchone()[0] != 3:
        fail("a new history is not at schema version 3")
    con.close()
    # With the population: the same seed, the same bytes.
    p1, p2 = os.path.join(work, "p1.db"), os.path.join(work, "p2.db")
    m1, m2 = os.path.join(work, "m1.csv"), os.path.join(work, "m2.csv")
    on = ["--set", "population.enabled=true"]
    run("batch", year, *days, "--history", p1, *on, "--members", m1)
    run("batch", year, *days, "--history", p2, *on, "--members", m2)
    if dump(p1, True) != dump(p2, True):
        fail("two population batches with the same seed differ")
    if open(m1, "rb").read() != open(m2, "rb").read():
        fail("two members CSVs with the same seed differ")
    con = sqlite3.connect(p1)
    visits = con.execute(
        "SELECT sum(visits_new + visits_returning) FROM population_days").fetchone()[0]
    parties = con.execute("SELECT sum(parties) FROM days").fetchone()[0]
    if visits != parties:
        fail(f"population visits {visits} are not the days' parties {parties}")
    members = con.execute("SELECT sum(visits + walkaways) FROM population_members").fetchone()[0]
    if members != visits:
        fail(f"members' visits {members} do not add up to the days' {visits}")
    con.close()
    lines = open(m1).read().splitlines()
    if len(lines) < 2 or not lines[0].startswith("member,segment,size,app,joined"):
        fail("members CSV: " + (lines[0] if lines else "empty"))
    # A finished batch run again simulates nothing and leaves the same history and members.
    run("batch", year, *days, "--history", p1, *on, "--members", m1)
    if dump(p1, True) != dump(p2, True) or open(m1, "rb").read() != open(m2, "rb").read():
        fail("a population batch run again over its own days changed the history")
    resume(year, on)
    p = run("batch", year, *days, "--history", os.path.join(work, "x.db"), "--members", m1,
            code=2)
    if "population.enabled" not in p.stderr:
        fail("--members without a population: " + p.stderr)
    out = run("run", scenario, "--set", "population.enabled=true").stdout
    if "NPS proxy" not in out:
        fail("kaiten run prints no satisfaction distribution with a population")


def days_in(db):
    try:
        con = sqlite3.connect(db, timeout=5)
        n = con.execute("SELECT count(*) FROM days").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0


def resume(year, on):
    """A batch of 6 days against one of 3 days resumed to 6 (and one interrupted by SIGKILL and
    rerun): the same population, members' state included; a history without the state (from
    before schema version 3) is refused, not restarted."""
    six = ["--days", "6", "--start", "2025-03-01", "--quiet", *on]
    three = ["--days", "3", "--start", "2025-03-01", "--quiet", *on]
    full, part = os.path.join(work, "full.db"), os.path.join(work, "part.db")
    mf, mp = os.path.join(work, "full.csv"), os.path.join(work, "part.csv")
    run("batch", year, *six, "--history", full, "--members", mf)
    run("batch", year, *three, "--history", part)
    p = run("batch", year, *six, "--history", part, "--members", mp)

    def state(db):
        con = sqlite3.connect(db)
        rows = [repr(r) for t in ("population_state", "population_member_state")
                for r in con.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
        con.close()
        return rows

    if dump(full, True) != dump(part, True):
        fail("6 days against 3 resumed to 6: the histories differ")
    if state(full) != state(part) or not state(full):
        fail("6 days against 3 resumed to 6: the population's state differs")
    if open(mf, "rb").read() != open(mp, "rb").read():
        fail("6 days against 3 resumed to 6: the members CSVs differ")
    # Killed after some days (SIGKILL: no clean-up), then run again.
    killed = os.path.join(work, "killed.db")
    proc = subprocess.Popen([kaiten, "batch", year, *six, "--history", killed],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        if proc.poll() is not None or (os.path.exists(killed) and days_in(killed) >= 2):
            break
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    print(f"killed after {days_in(killed)} of 6 days")
    run("batch", year, *six, "--history", killed)
    if dump(full, True) != dump(killed, True) or state(full) != state(killed):
        fail("a batch killed and run again differs from one run through")
    con = sqlite3.connect(full)
    members = con.execute("SELECT count(*) FROM population_members").fetchone()[0]
    kept = con.execute("SELECT count(*) FROM population_member_state").fetchone()[0]
    last = con.execute("SELECT date FROM population_state").fetchone()[0]
    con.close()
    if members != kept or last != "2025-03-06":
        fail(f"population state: {kept} members after {last}, expected {members} after 2025-03-06")
    # Without the state (as a version-2 history has none): refused, nothing written.
    old = os.path.join(work, "old.db")
    run("batch", year, *three, "--history", old)
    con = sqlite3.connect(old)
    con.execute("DELETE FROM population_member_state")
    con.execute("DELETE FROM population_state")
    con.commit()
    con.close()
    p = run("batch", year, *six, "--history", old, code=2)
    if "cannot resume with the same members" not in p.stderr:
        fail("resume without a state: " + p.stderr)
    con = sqlite3.connect(old)
    if con.execute("SELECT count(*) FROM days").fetchone()[0] != 3:
        fail("a refused resume wrote days")
    con.close()


def paired(xs, ys):
    """Mean difference and its 95 % half-width (normal approximation)."""
    d = [x - y for x, y in zip(xs, ys)]
    n = len(d)
    mean = sum(d) / n
    var = sum((v - mean) ** 2 for v in d) / (n - 1)
    return mean, 1.96 * math.sqrt(var / n)


def policy():
    scenario = os.path.join(src, "scenarios", "default.yaml")
    days = int(os.environ.get("KAITEN_LOYALTY_DAYS", "30"))
    base = ["--days", str(days), "--start", "2025-04-07", "--quiet", "--set",
            "population.enabled=true"]
    starved = ["--set", "controller.policy=fixed_mix", "--set",
               "controller.fixed_rate_plates_per_min=3"]

    def batch(name, *extra):
        db = os.path.join(work, name + ".db")
        run("batch", scenario, *base, "--history", db, *extra)
        con = sqlite3.connect(db)
        start = con.execute("SELECT min(joined) FROM population_members").fetchone()[0]
        members = con.execute(
            "SELECT member, visits + walkaways, clv_yen, coalesce(mean_rating, 8) FROM "
            "population_members WHERE joined = ? ORDER BY member", (start,)).fetchall()
        days_rows = con.execute(
            "SELECT visits_new + visits_returning, nps, margin_yen FROM population_days "
            "ORDER BY date").fetchall()
        margin = con.execute(
            "SELECT sum(s.sold * i.price_yen - s.made * i.cost_yen) FROM sales s JOIN items i "
            "USING (store, item)").fetchone()[0]
        con.close()
        return members, days_rows, margin

    good_m, good_d, good_margin = batch("good")
    bad_m, bad_d, bad_margin = batch("bad", *starved)
    if [m[0] for m in good_m] != [m[0] for m in bad_m]:
        fail("the starting members differ between the policies (common random numbers)")
    for label, col in (("visits", 1), ("CLV", 2), ("rating", 3)):
        mean, half = paired([m[col] for m in good_m], [m[col] for m in bad_m])
        print(f"{label} per starting member, predictive - starved: {mean:.3f} ± {half:.3f}")
        if mean - half <= 0:
            fail(f"{label}: the interval {mean:.3f} ± {half:.3f} does not exclude zero")
    mean, half = paired([d[1] for d in good_d], [d[1] for d in bad_d])
    print(f"NPS proxy per day, predictive - starved: {mean:.2f} ± {half:.2f}")
    if mean - half <= 0:
        fail(f"NPS proxy: the interval {mean:.2f} ± {half:.2f} does not exclude zero")

    # Weights at zero: the loop is cut, the same visitors come under both policies.
    zero = []
    for key in ("wait", "first_plate", "unmet_appetite", "failed_wishes", "tired", "walkaway"):
        zero += ["--set", f"population.weights.{key}=0"]
    good_m, good_d, good_margin = batch("good0", *zero)
    bad_m, bad_d, bad_margin = batch("bad0", *zero, *starved)
    if [m[:2] for m in good_m] != [m[:2] for m in bad_m]:
        fail("weights at zero: members' visits differ between the policies")
    if [d[0] for d in good_d] != [d[0] for d in bad_d]:
        fail("weights at zero: daily visits differ between the policies")
    if good_margin == bad_margin:
        fail("weights at zero: the day-level margins are equal (the policies did not differ)")
    print(f"weights at zero: same visits; day-level margin {good_margin} vs {bad_margin}")


{"golden": golden, "policy": policy}[part]()
print("OK")
