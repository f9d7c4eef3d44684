#!/usr/bin/python3
"""`kaiten schema --json` checked by an independent validator (Debian's python3-jsonschema):
every bundled scenario, read as YAML 1.2 and converted to JSON, is valid against it, and
scenarios with a wrong key, type, bound or choice are not (the loader refuses them too).

Usage: scenario_schema_test.py KAITEN_BINARY SOURCE_DIR
"""
import copy
import glob
import json
import re
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    raise SystemExit(f"{e}: install python3-jsonschema and python3-yaml (scripts/deps.sh)")


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema scalars, as yaml-cpp reads them: `11:00` and `2025-01-01` stay strings
    (YAML 1.1 reads sexagesimal numbers and timestamps), only true/false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] not in (
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def to_json(value):
    """YAML data as JSON data: map keys (hours are numbers in YAML) become strings."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


def main():
    kaiten, src = sys.argv[1], sys.argv[2]
    schema = json.loads(subprocess.run([kaiten, "schema", "--json"], check=True,
                                       capture_output=True, text=True).stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    files = sorted(glob.glob(f"{src}/scenarios/*.yaml") + glob.glob(f"{src}/scenarios/bench/*.yaml"))
    assert len(files) >= 7, files
    failures = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            data = to_json(yaml.load(f, Loader=Yaml12Loader))
        json.dumps(data)  # plain JSON, nothing YAML-only left
        for error in validator.iter_errors(data):
            failures.append(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    if failures:
        raise SystemExit("bundled scenarios the schema refuses:\n" + "\n".join(failures))

    # Broken copies of the default scenario: the schema refuses each, and so does the loader.
    with open(f"{src}/scenarios/default.yaml", encoding="utf-8") as f:
        default = to_json(yaml.load(f, Loader=Yaml12Loader))

    def broken(change):
        data = copy.deepcopy(default)
        change(data)
        return data

    cases = {
        "unknown key": lambda d: d["belt"].update(pich_mm=150),
        "speed out of range": lambda d: d["belt"].update(speed_mm_s=5000),
        "quoted integer": lambda d: d["belt"].update(speed_mm_s="80"),
        "unknown policy": lambda d: d.setdefault("controller", {}).update(policy="psychic"),
        "bad clock": lambda d: d["hours"].update(open="11h00"),
        "missing required key": lambda d: d["menu"][0].pop("price_yen"),
        "uppercase item id": lambda d: d["menu"][0].update(id="Maguro"),
        "hour 48": lambda d: d["customers"]["hourly_parties"].update({"48": 3}),
        "negative cooks in a shift": lambda d: d.setdefault("kitchen", {}).update(
            staff=[{"from": "11:00", "cooks": -1}]),
        "no lanes": lambda d: d["belt"].update(lanes=[]),
    }
    for name, change in cases.items():
        data = broken(change)
        if validator.is_valid(data):
            failures.append(f"the schema accepts a scenario with {name}")
        scenario = subprocess.run(
            ["mktemp", "--suffix=.yaml"], check=True, capture_output=True, text=True).stdout.strip()
        try:
            with open(scenario, "w", encoding="utf-8") as f:
                json.dump(data, f)  # JSON is YAML
            if subprocess.run([kaiten, "validate", scenario], capture_output=True).returncode != 2:
                failures.append(f"kaiten validate accepts a scenario with {name}")
        finally:
            subprocess.run(["rm", "-f", scenario], check=True)
    if failures:
        raise SystemExit("\n".join(failures))
    print(f"scenario_schema_test: {len(files)} bundled scenarios valid, {len(cases)} broken ones "
          "refused by the schema and by kaiten validate")


if __name__ == "__main__":
    main()
