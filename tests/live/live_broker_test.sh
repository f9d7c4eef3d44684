#!/usr/bin/env bash
# The controller live through a real MQTT broker (docs/live.md): a one-hour day of the time-rule
# store (scenarios/time_rule.yaml, 11:00-12:00, 20 parties) at 240x over a link that holds each
# command 20 ms; its controller stopped by SIGTERM, restarted, killed with -9, restarted again
# from its checkpoint; the broker restarted mid-day. Checked against independent expectations: the
# simulation's ground truth (every plate the kitchen placed counted once by the controller, plates
# conserved on both sides, no freshness violation) and the controller run after the fact on the feed the store recorded
# (`kaiten control FEED`), whose reports must be identical: the live controller handled the same
# messages in the same order, once each. Skips (77) without mosquitto.
# Usage: live_broker_test.sh KAITEN SOURCE_DIR
set -euo pipefail
kaiten=$1
src=$2
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

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
CONF
broker=tcp://127.0.0.1:$port
start_broker() {
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
start_controller() {  # start_controller N OUT
  "$kaiten" control --broker "$broker" --store t1 --out "$work/$2" \
    --checkpoint "$work/checkpoint.jsonl" >"$work/controller$1.log" 2>&1 &
  controller_pid=$!
  pids+=("$controller_pid")
}

# The standard store under the time rule (plates expire after 30-55 min, so some are discarded
# within the hour) with real parties who pay at checkout; one hour of it is some 2200 messages.
python3 - "$src/scenarios/time_rule.yaml" "$work/short.yaml" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
d["name"] = "Live test store"
d["hours"] = {"open": "11:00", "close": "12:00"}
d["customers"]["hourly_parties"] = {11: 20}
d["customers"]["last_entry_min"] = 30
yaml.safe_dump(d, open(sys.argv[2], "w"))
PY

start_broker
start_controller 1 stopped_ctl
# One simulated hour at 240x: 15 s of wall clock, over a link that holds each command 20 ms.
"$kaiten" run "$work/short.yaml" --broker "$broker" --store t1 --realtime --speed 240 \
  --command-latency 20 --out "$work/run" --feed-out "$work/feed.jsonl" >"$work/store.log" 2>&1 &
store_pid=$!
pids+=("$store_pid")

# SIGTERM: the controller reports the day so far and exits 0, leaving its checkpoint open.
sleep 3
kill -TERM "$controller_pid"
wait "$controller_pid" || fail "the controller stopped by SIGTERM exited with $?"
grep -q '"day_complete": false' "$work/stopped_ctl/controller_summary.json" ||
  fail "the controller stopped by SIGTERM wrote no provisional report"
start_controller 2 live_ctl

# kill -9: the next one resumes from the checkpoint.
sleep 3
kill -9 "$controller_pid"
wait "$controller_pid" 2>/dev/null || true
sleep 0.5
start_controller 3 live_ctl

sleep 2
kill "$broker_pid"
wait "$broker_pid" 2>/dev/null || true
sleep 0.5
start_broker

wait "$store_pid" || fail "kaiten run --broker exited with $?"
wait "$controller_pid" || fail "the restarted controller exited with $?"

# (controller 2 died by kill -9 and printed nothing.)
grep -qE 'live: [0-9]+ messages \([1-9][0-9]* replayed' "$work/controller3.log" ||
  fail "the controller restarted after kill -9 replayed nothing from its checkpoint"
grep -q 'controller done' "$work/store.log" || fail "the store never heard the controller finish"

# Ground truth against the live controller's totals.
python3 - "$work/run/summary.json" "$work/live_ctl/controller_summary.json" \
  "$work/run/live.json" <<'PY' || fail "totals"
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
check(live["connections"] >= 2, "the store reconnected after the broker restart")
PY

# The same day's recorded feed, controlled after the fact: identical reports.
"$kaiten" control "$work/feed.jsonl" --out "$work/replay_ctl" >"$work/replay.log" 2>&1 ||
  fail "kaiten control on the recorded feed"
for f in controller_summary.json timeline.csv decisions.csv forecast_items.csv top_sellers.csv \
  sales.csv feed_errors.csv; do
  cmp -s "$work/live_ctl/$f" "$work/replay_ctl/$f" || {
    diff "$work/live_ctl/$f" "$work/replay_ctl/$f" | head >&2
    fail "$f differs between the live controller and kaiten control on the recorded feed"
  }
done

# A controller whose checkpoint holds a finished day refuses to start another on top of it.
code=0
"$kaiten" control --broker "$broker" --store t1 --checkpoint "$work/checkpoint.jsonl" \
  >"$work/again.log" 2>&1 || code=$?
[ "$code" -eq 2 ] || fail "a finished checkpoint: exit $code, expected 2"
grep -q "finished day" "$work/again.log" || fail "a finished checkpoint: no reason given"
# Bad command lines: exit 2 with the reason, before any connection.
bad() {  # bad PATTERN ARGS...
  local pattern=$1 code=0
  shift
  "$kaiten" "$@" >"$work/bad.log" 2>&1 || code=$?
  [ "$code" -eq 2 ] || fail "kaiten $*: exit $code, expected 2"
  grep -qE -- "$pattern" "$work/bad.log" || fail "kaiten $*: no /$pattern/ in: $(cat "$work/bad.log")"
}
bad 'expected tcp://HOST:PORT' control --broker "127.0.0.1:$port" --store t1
bad 'letters, digits' control --broker "$broker" --store 'a/b'
bad 'not both' control "$work/feed.jsonl" --broker "$broker"
bad 'go together' run "$work/short.yaml" --broker "$broker"
bad 'go together' run "$work/short.yaml" --realtime

grep '^live:' "$work/store.log" "$work/controller3.log"
echo "live broker test passed"
