#!/usr/bin/env bash
# `kaiten view --broker`: the viewer attached to a live store through a real MQTT broker
# (docs/live.md, docs/viewer.md). The viewer starts before the broker exists (it must wait and keep
# trying), then a live controller and the simulated store (one hour at 600x, about 6 s) run
# through the broker; the viewer is stopped by SIGINT and writes its last frame. Checked: exit 0
# on SIGINT, the viewer's log line (state messages received, and every sensor message the store
# published received once), and the PNG (the asked size, the belt drawn, the controller's top 10
# drawn, not blank). A bad URL is exit 2, as are options of a simulated day. Skips (77) without
# mosquitto or xvfb-run.
# Usage: live_view_test.sh KAITEN SOURCE_DIR
set -euo pipefail
kaiten=$1
src=$2
# shellcheck source=broker_helper.sh
source "$(dirname "$0")/broker_helper.sh"
if [ -z "${DISPLAY:-}" ] && ! command -v xvfb-run >/dev/null; then
  echo "SKIP: no display and no xvfb-run"
  exit 77
fi

# Bad command lines: exit 2 with the reason, before any window or connection.
bad 'expected tcp://HOST:PORT' view --broker "127.0.0.1:$port" --store v1
bad 'letters, digits' view --broker "$broker" --store 'a/b'
bad 'not both' view "$src/scenarios/tiny.yaml" --broker "$broker"
bad 'not with --broker' view --broker "$broker" --at 11:00
bad 'go with --broker' view --save-png "$work/x.png"

make_short_store "$work/short.yaml"

# The viewer first, with no broker there yet. --quit-after only guards against a hang: the test
# ends it with SIGINT. Its pid comes out of xvfb-run's shell through a file.
cat >"$work/viewer.sh" <<SH
#!/usr/bin/env bash
"$kaiten" view --broker "$broker" --store v1 --size 1280x720 --save-png "$work/live.png" \\
  --quit-after 60 &
echo \$! >"$work/viewer.pid"
wait \$!
SH
chmod +x "$work/viewer.sh"
if [ -n "${DISPLAY:-}" ]; then
  "$work/viewer.sh" >"$work/viewer.log" 2>&1 &
else
  xvfb-run -a -s "-screen 0 1280x720x24 -noreset" "$work/viewer.sh" >"$work/viewer.log" 2>&1 &
fi
viewer_wrapper=$!
pids+=("$viewer_wrapper")
sleep 1.5
[ -s "$work/viewer.pid" ] || fail "the viewer did not start"
kill -0 "$(cat "$work/viewer.pid")" 2>/dev/null || fail "the viewer gave up without a broker"

start_broker
# The viewer finds the broker by itself, and is there before the store's first message.
for _ in $(seq 100); do
  grep -q "as kaiten-view-v1" "$work/mosquitto.log" && break
  sleep 0.1
done
grep -q "as kaiten-view-v1" "$work/mosquitto.log" || fail "the viewer never connected"
sleep 0.5  # its subscriptions go out just after the connection: let them land first
"$kaiten" control --broker "$broker" --store v1 --out "$work/ctl" >"$work/controller.log" 2>&1 &
controller_pid=$!
pids+=("$controller_pid")
"$kaiten" run "$work/short.yaml" --broker "$broker" --store v1 --realtime --speed 600 \
  --out "$work/run" >"$work/store.log" 2>&1 &
store_pid=$!
pids+=("$store_pid")
wait "$store_pid" || fail "kaiten run --broker exited with $?"
wait "$controller_pid" || fail "the controller exited with $?"
sleep 0.5  # the last state and messages reach the screen

kill -INT "$(cat "$work/viewer.pid")"
wait "$viewer_wrapper" || fail "the viewer stopped by SIGINT exited with $?"

python3 - "$work/viewer.log" "$work/run/live.json" "$work/live.png" <<'PY' || fail "viewer"
import json, re, struct, sys, zlib
log = open(sys.argv[1]).read()
live = json.load(open(sys.argv[2]))
m = re.search(r"live: (\d+) state messages, (\d+) sensor messages \((\d+) repeats", log)
if not m:
    sys.exit(f"no live: line in the viewer's output: {log}")
states, sensors = int(m.group(1)), int(m.group(2))
# The controller publishes its state after each clock tick: an hour has 60 of them.
if states < 30:
    sys.exit(f"only {states} state messages received")
# Each message the store published, once (the viewer was there before the store began).
if sensors != live["published"]:
    sys.exit(f"{sensors} sensor messages received, the store published {live['published']}")

# The PNG: decoded here (8-bit RGB or RGBA, no interlace), independently of SFML.
data = open(sys.argv[3], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, header = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, colour, _, _, interlace = header
if (w, h) != (1280, 720):
    sys.exit(f"PNG is {w}x{h}, asked 1280x720")
if depth != 8 or colour not in (2, 6) or interlace:
    sys.exit(f"unexpected PNG format {header}")
bpp = 4 if colour == 6 else 3
raw, stride = zlib.decompress(idat), w * bpp
rows, prev = [], bytearray(stride)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
pixels = {}
for line in rows[::2]:
    for i in range(0, stride, bpp * 2):
        px = tuple(line[i:i + 3])
        pixels[px] = pixels.get(px, 0) + 1
# The belt's colour (viz/src/draw.hpp kBelt): drawn only once the store's header gave the layout.
if pixels.get((70, 75, 87), 0) < 1000:
    sys.exit(f"no belt drawn: {pixels.get((70, 75, 87), 0)} belt pixels")
if len(pixels) < 50:
    sys.exit(f"a nearly blank frame: {len(pixels)} colours")
# The controller's top 10 in the side panel (the right fifth): bars in the items' colours, the only
# large saturated shapes there, drawn only from a published state with sales (a frame without one
# has a few hundred such pixels at most, from the status line's lettering).
bars = sum(1 for line in rows for x in range(int(w * 0.8), w)
           if max(line[x * bpp:x * bpp + 3]) - min(line[x * bpp:x * bpp + 3]) > 80)
if bars < 800:
    sys.exit(f"no top-10 bars in the panel: {bars} saturated pixels")
print(f"viewer: {states} states, {sensors} sensor messages; PNG {w}x{h}, {len(pixels)} colours, "
      f"{bars} bar pixels")
PY
grep -q 'waiting for broker' "$work/viewer.log" || fail "the viewer did not say it was waiting"
grep -q ': live$' "$work/viewer.log" || fail "the viewer did not say it went live"
grep '^kaiten-view: live:' "$work/viewer.log"
echo "live view test passed"
