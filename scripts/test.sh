#!/usr/bin/env bash
# Set-up command 2: install what is missing, build, and run the whole test suite twice: an
# optimised build, then an AddressSanitizer + UndefinedBehaviorSanitizer build. Both keep line
# tables only (-g1): sanitizer reports and backtraces still name file and line, and the heaviest
# files compile in about half the time of full debug information (CI runs on 2 cores). The
# sanitizer build leaves out the benchmarks, which no test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
jobs="${KAITEN_JOBS:-2}"
for config in test asan; do
  dir="build/$config"
  sanitize=OFF
  bench=ON
  if [ "$config" = asan ]; then sanitize=ON; bench=OFF; fi
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAITEN_SANITIZE="$sanitize" \
    -DKAITEN_BUILD_TESTS=ON -DKAITEN_BUILD_BENCH="$bench" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== tests ($config) =="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j"$jobs"
done
