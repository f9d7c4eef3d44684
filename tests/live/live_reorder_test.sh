#!/usr/bin/env bash
# A burst of duplicated and reordered sensor messages through a real MQTT broker (docs/live.md):
# the simulated store publishes its messages in bursts of 16, each burst newest first and every
# message twice (`kaiten run --reorder-burst 16`), so the live controller meets, through
# mosquitto, messages ahead of a gap, copies of messages it holds and copies of messages it has
# handled. Checked: it dropped repeats (its `live:` line), its totals against the simulation's
# ground truth (every plate counted once, plates conserved, no freshness violation), and its
# reports byte-identical to `kaiten control` on the feed the store recorded (the same messages, in
# order, once each). One simulated hour at 600x: about 6 s. Skips (77) without mosquitto.
# Usage: live_reorder_test.sh KAITEN SOURCE_DIR
set -euo pipefail
kaiten=$1
src=$2
# shellcheck source=broker_helper.sh
source "$(dirname "$0")/broker_helper.sh"

make_short_store "$work/short.yaml"
start_broker
"$kaiten" control --broker "$broker" --store r1 --out "$work/ctl" >"$work/controller.log" 2>&1 &
controller_pid=$!
pids+=("$controller_pid")
"$kaiten" run "$work/short.yaml" --broker "$broker" --store r1 --realtime --speed 600 \
  --reorder-burst 16 --out "$work/run" --feed-out "$work/feed.jsonl" >"$work/store.log" 2>&1 &
store_pid=$!
pids+=("$store_pid")
wait "$store_pid" || fail "kaiten run --broker --reorder-burst exited with $?"
wait "$controller_pid" || fail "the controller exited with $?"

# Each of the store's messages came at least twice; the controller handled each once and
# dropped at least one copy per message (the broker may add more, never fewer).
python3 - "$work/run/live.json" "$work/controller.log" <<'PY' || fail "repeats"
import json, re, sys
live = json.load(open(sys.argv[1]))
line = next(l for l in open(sys.argv[2]) if l.startswith("live:"))
m = re.search(r"live: (\d+) messages .*?(\d+) duplicates", line)
if not m:
    sys.exit(f"no message and duplicate counts in: {line}")
handled, duplicates = int(m.group(1)), int(m.group(2))
if live["reorder_burst"] != 16:
    sys.exit(f"live.json: reorder_burst {live['reorder_burst']}")
if handled != live["published"]:
    sys.exit(f"handled {handled}, published {live['published']}: {line}")
if duplicates < live["published"]:
    sys.exit(f"only {duplicates} repeats dropped for {live['published']} doubled messages: {line}")
PY
check_truth "$work/run" "$work/ctl"
check_same_as_replay "$work/feed.jsonl" "$work/ctl"
grep '^live:' "$work/store.log" "$work/controller.log"
echo "live reorder test passed"
