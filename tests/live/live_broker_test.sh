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
# shellcheck source=broker_helper.sh
source "$(dirname "$0")/broker_helper.sh"
start_controller() {  # start_controller N OUT
  "$kaiten" control --broker "$broker" --store t1 --out "$work/$2" \
    --checkpoint "$work/checkpoint.jsonl" >"$work/controller$1.log" 2>&1 &
  controller_pid=$!
  pids+=("$controller_pid")
}

make_short_store "$work/short.yaml"

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

check_truth "$work/run" "$work/live_ctl"
python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["connections"] < 2)' \
  "$work/run/live.json" || fail "the store did not reconnect after the broker restart"
check_same_as_replay "$work/feed.jsonl" "$work/live_ctl"

# A controller whose checkpoint holds a finished day refuses to start another on top of it.
code=0
"$kaiten" control --broker "$broker" --store t1 --checkpoint "$work/checkpoint.jsonl" \
  >"$work/again.log" 2>&1 || code=$?
[ "$code" -eq 2 ] || fail "a finished checkpoint: exit $code, expected 2"
grep -q "finished day" "$work/again.log" || fail "a finished checkpoint: no reason given"
# Bad command lines: exit 2 with the reason, before any connection.
bad 'expected tcp://HOST:PORT' control --broker "127.0.0.1:$port" --store t1
bad 'letters, digits' control --broker "$broker" --store 'a/b'
bad 'not both' control "$work/feed.jsonl" --broker "$broker"
bad 'go together' run "$work/short.yaml" --broker "$broker"
bad 'go together' run "$work/short.yaml" --realtime

grep '^live:' "$work/store.log" "$work/controller3.log"
echo "live broker test passed"
