#!/usr/bin/env bash
# Set-up command 1: install what is missing, build kaiten, run the bundled default scenario headless.
# Outputs go to out/default/ (summary.json, items.csv, hours.csv, plates.csv, run.log).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DKAITEN_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j2 --target kaiten kaiten-view
build/release/bin/kaiten run scenarios/default.yaml --out out/default "$@"
echo "outputs written to out/default/"
