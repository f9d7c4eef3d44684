#!/usr/bin/env python3
"""run.log of `kaiten run --out`, decoded from docs/outputs.md alone, against plates.csv.

A second reader of the run log (version 3: packed records), written from the document: every
chunk's CRC-32, the packed records, the totals' counts; then every plate's making and end in the
log against its row in plates.csv (tag, item, lane, made, ended, fate, travelled), so the log and
the CSV written beside it tell the same day.

Usage: run_log_format_test.py KAITEN SOURCE_DIR
"""
import os
import struct
import sys
import tempfile
import zlib

from cli_support import clock_ms, fail, rows, run_kaiten

kaiten, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp()


def chunks(data):
    if data[:8] != b"KAITNLOG":
        fail("bad magic")
    (version,) = struct.unpack_from("<I", data, 8)
    if version != 3:
        fail(f"version {version}, expected 3")
    pos = 12
    while pos < len(data):
        kind, length = struct.unpack_from("<II", data, pos)
        (crc,) = struct.unpack_from("<I", data, pos + 8 + length)
        if zlib.crc32(data[pos:pos + 8 + length]) != crc:
            fail(f"chunk at byte {pos}: CRC-32 differs")
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def unpack(payload):
    (count,) = struct.unpack_from("<I", payload, 0)
    pos = 4

    def varint():
        nonlocal pos
        value, shift = 0, 0
        while True:
            byte = payload[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    def zigzag():
        z = varint()
        return (z >> 1) ^ -(z & 1)

    time = plate = 0
    events = []
    for _ in range(count):
        time += zigzag()
        kind, lane = payload[pos], payload[pos + 1]
        pos += 2
        item = varint()
        plate += zigzag()
        events.append((time, kind, lane, item, plate, varint(), varint(), varint()))
    if pos != len(payload):
        fail("packed events chunk has bytes left over")
    return events


def main():
    out = os.path.join(work, "run")
    run_kaiten(kaiten, "run", os.path.join(src, "scenarios", "default.yaml"), "--out", out,
               "--quiet")
    with open(os.path.join(out, "run.log"), "rb") as f:
        data = f.read()
    events, totals = [], None
    for kind, payload in chunks(data):
        if kind == 4:
            events += unpack(payload)
        elif kind == 3:
            totals = struct.unpack("<qqqqqqQ", payload)
        elif kind != 1:
            fail(f"chunk type {kind} in a version 3 log")
    if totals is None:
        fail("no totals chunk")
    by_kind = {k: sum(1 for e in events if e[1] == k) for k in range(1, 14)}
    if (totals[1], totals[2], totals[3], totals[4], totals[5]) != \
            (by_kind[1], by_kind[3], by_kind[4], by_kind[6], by_kind[2]):
        fail(f"totals {totals[1:6]} disagree with the events' kinds {by_kind}")

    items = [row["item"] for row in rows(os.path.join(out, "items.csv"))]
    lanes = [row["lane"] for row in rows(os.path.join(out, "lanes.csv"))]
    fates = {3: "eaten", 4: "discarded", 6: "on_belt_at_close"}
    made, ended = {}, {}
    for time, kind, lane, item, plate, generation, aux, _ in events:
        tag = f"{plate}.{generation}"
        if kind == 1:
            made[tag] = (items[item], lanes[lane], time)
        elif kind in fates:
            ended[tag] = (time, fates[kind], aux)
    plates = rows(os.path.join(out, "plates.csv"))
    if len(plates) != len(made):
        fail(f"plates.csv has {len(plates)} plates, the log made {len(made)}")
    for row in plates:
        tag = row["tag"]
        want = (row["item"], row["lane"], clock_ms(row["made"]))
        if made.get(tag) != want:
            fail(f"plate {tag}: the log made {made.get(tag)}, plates.csv says {want}")
        want = (clock_ms(row["ended"]), row["fate"], int(row["travelled_mm"]))
        if ended.get(tag) != want:
            fail(f"plate {tag}: the log ended {ended.get(tag)}, plates.csv says {want}")
    print(f"run.log: {len(events)} events in {len(data)} bytes "
          f"({len(data) / len(events):.1f} a record), {len(plates)} plates agree with plates.csv")


main()
