"""What the command-line tests written in Python share: failing with a message, running kaiten
with an expected exit code, and reading its CSV files and clock times."""
import csv
import subprocess
import sys


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def run_kaiten(kaiten, *args, code=0):
    """Runs `kaiten ARGS`; fails unless it exits with `code`. The finished process."""
    p = subprocess.run([kaiten, *args], capture_output=True, text=True)
    if p.returncode != code:
        fail(f"kaiten {' '.join(args)}: exit {p.returncode}, expected {code}\n{p.stderr}")
    return p


def rows(path):
    """A CSV file's rows as dicts by header."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def clock_ms(text):
    """HH:MM:SS[.mmm] (as the outputs write times) in milliseconds since midnight."""
    hms, _, ms = text.partition(".")
    h, m, s = (int(x) for x in hms.split(":"))
    return ((h * 60 + m) * 60 + s) * 1000 + (int(ms) if ms else 0)
