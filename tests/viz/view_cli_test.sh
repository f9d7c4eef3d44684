#!/usr/bin/env bash
# End-to-end checks of kaiten-view: the headless error, snapshots of a view and of a replayed log,
# and bad input. Usage: view_cli_test.sh KAITEN_VIEW KAITEN SOURCE_DIR
set -euo pipefail
view="$1"
kaiten="$2"
src="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Without a display: a clear message and exit 2, before SFML is touched (it would abort).
set +e
env -u DISPLAY "$view" view "$src/scenarios/tiny.yaml" 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || fail "no display: exit $code, expected 2"
grep -q "xvfb-run -a" "$work/err" || fail "no display: message does not mention xvfb-run"

# Everything else runs with a display: use ours, or a virtual one.
if [ -n "${DISPLAY:-}" ]; then
  with_display() { "$@"; }
else
  # -noreset: an X server resets when its last client leaves and refuses connections meanwhile.
  with_display() { xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$@"; }
fi

# A snapshot of a live view and of a replayed run log: whole PNGs of the asked size, no temporary.
with_display "$view" view "$src/scenarios/tiny.yaml" --snapshot "$work/view.png" --at 11:30 \
  --size 800x600 >/dev/null || fail "view snapshot"
# A PNG's width and height are big-endian u32 at bytes 16..23: 800 = 0x320, 600 = 0x258.
[ "$(od -An -tx1 -N4 "$work/view.png" | tr -d ' \n')" = "89504e47" ] || fail "view.png not a PNG"
[ "$(od -An -tx1 -j16 -N8 "$work/view.png" | tr -d ' \n')" = "0000032000000258" ] ||
  fail "view snapshot is not 800x600"
"$kaiten" run "$src/scenarios/tiny.yaml" --out "$work/run" --quiet
with_display "$view" replay "$work/run/run.log" --snapshot "$work/replay.png" --at 11:45:30 \
  >"$work/out" 2>"$work/err" || fail "replay snapshot"
[ -s "$work/replay.png" ] || fail "replay snapshot missing"
# The log holds no controller state: replay simulates the day again and uses its controller's
# state only if that gives exactly the logged events. For a log of `kaiten run` it must.
grep -q "controller re-simulated" "$work/out" || fail "replay: re-simulation does not match the log"
grep -q "does not give the logged events" "$work/err" && fail "replay: $(cat "$work/err")"
ls "$work" | grep -q 'tmp' && fail "temporary file left behind"

# A log cut short replays up to its last whole chunk, with a note saying where it stops.
"$kaiten" run "$src/scenarios/default.yaml" --out "$work/day" --quiet
size=$(stat -c %s "$work/day/run.log")
head -c $((size / 2)) "$work/day/run.log" > "$work/cut.log"
with_display "$view" replay "$work/cut.log" --snapshot "$work/cut.png" --at 11:00 \
  2>"$work/err" >/dev/null || fail "cut log snapshot"
grep -q "cut short.*replaying up to" "$work/err" || fail "cut log: no note"
# The whole default day and the part of it in the log cut short both match their re-simulation.
grep -q "does not give the logged events" "$work/err" && fail "cut log: re-simulation does not match"
with_display "$view" replay "$work/day/run.log" --snapshot "$work/day.png" --at 13:05 \
  >"$work/out" || fail "default day replay snapshot"
grep -q "controller re-simulated" "$work/out" || fail "default day: re-simulation does not match"
[ -s "$work/cut.png" ] || fail "cut log snapshot missing"

# Bad input: exit 2 and a message; nothing written.
expect_bad() {
  set +e
  with_display "$view" "$@" >/dev/null 2>"$work/err"
  local code=$?
  set -e
  [ "$code" -eq 2 ] || fail "exit $code (expected 2) for: $*"
  [ -s "$work/err" ] || fail "no message for: $*"
}
expect_bad view "$src/scenarios/tiny.yaml" --snapshot "$work/x.png" --at 09:00
expect_bad view "$src/scenarios/tiny.yaml" --snapshot "$work/x.png" --at 25:99
expect_bad view "$src/scenarios/tiny.yaml" --snapshot "$work/x.png"
expect_bad view "$src/scenarios/tiny.yaml" --snapshot "$work/x.png" --at 11:30 --size 10x10
expect_bad view "$src/scenarios/tiny.yaml" --snapshot "$work/x.png" --at 11:30 --speed 0
expect_bad view "$work/no-such.yaml" --snapshot "$work/x.png" --at 11:30
echo "garbage" > "$work/bad.log"
expect_bad replay "$work/bad.log" --snapshot "$work/x.png" --at 11:30
grep -q "bad.log" "$work/err" || fail "bad log error does not name the file"
[ -e "$work/x.png" ] && fail "a failed command wrote a file"
echo "kaiten-view: all checks passed"
