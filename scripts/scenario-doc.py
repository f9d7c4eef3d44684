#!/usr/bin/env python3
"""The scenario reference generated from the loader's key table.

docs/scenario.md holds one table per map of a scenario, each after a marker line
`<!-- kaiten schema: NAME -->`; docs/scenario.schema.json is the JSON Schema. Both are printed by
`kaiten schema` (Markdown) and `kaiten schema --json`; this script copies them into the docs, or
with --check fails when the docs differ (a test runs it that way).

Usage: scripts/scenario-doc.py KAITEN_BINARY SOURCE_DIR [--check]
"""
import re
import subprocess
import sys

MARKER = re.compile(r"^<!-- kaiten schema: (.+) -->$")


def blocks(markdown):
    """{name: [lines]} of `kaiten schema`'s output, marker line first, in order."""
    out = {}
    name = None
    for line in markdown.splitlines():
        m = MARKER.match(line)
        if m:
            name = m.group(1)
            out[name] = [line]
        elif name is not None and line.startswith("|"):
            out[name].append(line)
        elif line.strip():
            raise SystemExit(f"unexpected line in `kaiten schema` output: {line!r}")
    return out


def splice(doc, generated):
    """The doc with every marked table replaced; the problems found (names missing, unknown...)."""
    lines = doc.splitlines()
    out = []
    seen = []
    problems = []
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        name = m.group(1)
        i += 1
        while i < len(lines) and lines[i].startswith("|"):
            i += 1
        if name not in generated:
            problems.append(f"table {name!r} is not a map of the scenario format (kaiten schema)")
            continue
        if name in seen:
            problems.append(f"table {name!r} appears twice")
        seen.append(name)
        out.extend(generated[name])
    for name in generated:
        if name not in seen:
            problems.append(f"table {name!r} is missing (add a line `<!-- kaiten schema: {name} -->`)")
    return "\n".join(out) + "\n", problems


def main():
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] != "--check"):
        raise SystemExit(__doc__)
    kaiten, src = sys.argv[1], sys.argv[2]
    check = len(sys.argv) == 4
    markdown = subprocess.run([kaiten, "schema"], check=True, capture_output=True, text=True).stdout
    json_schema = subprocess.run([kaiten, "schema", "--json"], check=True, capture_output=True,
                                 text=True).stdout
    doc_path = f"{src}/docs/scenario.md"
    schema_path = f"{src}/docs/scenario.schema.json"
    with open(doc_path, encoding="utf-8") as f:
        doc = f.read()
    new_doc, problems = splice(doc, blocks(markdown))
    try:
        with open(schema_path, encoding="utf-8") as f:
            old_schema = f.read()
    except FileNotFoundError:
        old_schema = ""
    if problems:
        raise SystemExit("docs/scenario.md: " + "; ".join(problems))
    if check:
        stale = [p for p, old, new in ((doc_path, doc, new_doc), (schema_path, old_schema, json_schema))
                 if old != new]
        if stale:
            raise SystemExit(
                f"{', '.join(stale)} differ from `kaiten schema`: the key table changed; run "
                f"scripts/scenario-doc.py {kaiten} {src}")
        print("docs/scenario.md tables and docs/scenario.schema.json equal `kaiten schema`")
        return
    with open(doc_path, "w", encoding="utf-8") as f:
        f.write(new_doc)
    with open(schema_path, "w", encoding="utf-8") as f:
        f.write(json_schema)


if __name__ == "__main__":
    main()
