# Shared by the live tests (sourced, not run): a private mosquitto on a free loopback port, the
# short test store, and clean-up of every process the test started.
# Sets: work (a temporary folder), port, broker (its URL). Defines: fail, start_broker,
# make_short_store FILE, check_truth, check_same_as_replay, and an EXIT trap that kills what was started (pids+=(PID)).
# Exits 77 (ctest: skipped) when mosquitto is not installed.
# Needs: kaiten (the program) and src (the source folder).
mosquitto=$(command -v mosquitto || true)
[ -z "$mosquitto" ] && [ -x /usr/sbin/mosquitto ] && mosquitto=/usr/sbin/mosquitto
if [ -z "$mosquitto" ]; then
  echo "SKIP: mosquitto is not installed (scripts/deps.sh)"
  exit 77
fi
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done
  exit 1
}

# bad PATTERN ARGS...: `kaiten ARGS` exits 2 saying PATTERN (a bad command line, refused before
# any window or connection).
bad() {  # bad PATTERN ARGS...
  local pattern=$1 code=0
  shift
  "$kaiten" "$@" >"$work/bad.log" 2>&1 || code=$?
  [ "$code" -eq 2 ] || fail "kaiten $*: exit $code, expected 2"
  grep -qE -- "$pattern" "$work/bad.log" || fail "kaiten $*: no /$pattern/ in: $(cat "$work/bad.log")"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
CONF
broker=tcp://127.0.0.1:$port
start_broker() {  # sets broker_pid
  "$mosquitto" -c "$work/mosquitto.conf" >>"$work/mosquitto.log" 2>&1 &
  broker_pid=$!
  pids+=("$broker_pid")
  for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null &&
      return 0
    sleep 0.1
  done
  fail "mosquitto did not start on port $port"
}

# The standard store under the time rule (plates expire after 30-55 min, so some are discarded
# within the hour) with real parties who pay at checkout; one hour of it is some 2200 messages.
make_short_store() {  # make_short_store OUT.yaml
  python3 - "$src/scenarios/time_rule.yaml" "$1" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
d["name"] = "Live test store"
d["hours"] = {"open": "11:00", "close": "12:00"}
d["customers"]["hourly_parties"] = {11: 20}
d["customers"]["last_entry_min"] = 30
yaml.safe_dump(d, open(sys.argv[2], "w"))
PY
}

# The live controller's totals against the simulation's ground truth (its --out RUN_DIR: summary
# and live.json): every plate placed counted once, plates conserved on both sides, no freshness
# violation, the day complete on both sides.
check_truth() {  # check_truth RUN_DIR CONTROLLER_DIR
  python3 - "$1/summary.json" "$2/controller_summary.json" "$1/live.json" <<'PY' || fail "totals"
import json, sys
truth = json.load(open(sys.argv[1]))
ctl = json.load(open(sys.argv[2]))
live = json.load(open(sys.argv[3]))
p, c = truth["plates"], ctl["plates"]
def check(ok, what):
    if not ok:
        sys.exit(f"{what}: truth {p}, controller {c}, link {live}")
check(p["made"] > 50, "too short a day to test anything")
check(p["made"] == p["eaten"] + p["discarded"] + p["on_belt_at_close"], "simulation conserves")
check(truth["freshness_violations"] == 0, "freshness violations")
check(c["made"] == p["made"], "every plate placed counted once by the controller")
check(c["made"] == c["sold"] + c["discarded"] + c["on_belt_at_end"]
      + c["lost_inferred_unconfirmed"] + c["lost_unseen"], "controller conserves")
check(p["discarded"] > 0 and p["eaten"] > 0, "a day with sales and discards")
check(c["sold"] == p["eaten"], "sales are the plates eaten (no sensor faults in this store)")
if live["late_expiries"] == 0:
    check(c["discarded"] == p["discarded"], "discards are the plates the gates removed")
check(ctl["day_complete"], "the controller saw the close")
check(live["controller_done"], "the controller confirmed the end of the day")
PY
}

# The same day's recorded feed, controlled after the fact (`kaiten control FEED`): its reports
# must equal the live controller's byte for byte (the same messages, in the same order, once each).
check_same_as_replay() {  # check_same_as_replay FEED CONTROLLER_DIR
  "$kaiten" control "$1" --out "$work/replay_ctl" >"$work/replay.log" 2>&1 ||
    fail "kaiten control on the recorded feed"
  for f in controller_summary.json timeline.csv decisions.csv forecast_items.csv top_sellers.csv \
    sales.csv feed_errors.csv; do
    cmp -s "$2/$f" "$work/replay_ctl/$f" || {
      diff "$2/$f" "$work/replay_ctl/$f" | head >&2
      fail "$f differs between the live controller and kaiten control on the recorded feed"
    }
  done
}
