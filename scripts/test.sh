#!/usr/bin/env bash
# Set-up command 2: install what is missing, build, and run the whole test suite twice: an
# optimised build, then an AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs="${KAITEN_JOBS:-2}"
for config in test asan; do
  dir="build/$config"
  sanitize=OFF
  [ "$config" = asan ] && sanitize=ON
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAITEN_SANITIZE="$sanitize" \
    -DKAITEN_BUILD_TESTS=ON >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== tests ($config) =="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j"$jobs"
done
