#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan; docs/fuzzing.md) in build/fuzz and runs each
# for a bounded time on a copy of its seed corpus, so the repository is never modified. Fails if a
# harness crashes, leaks, runs out of memory, takes too long on one input or breaks an invariant;
# the input that did it is copied to build/fuzz/findings/.
#   FUZZ_SECONDS  seconds per harness (default 60)
#   FUZZ_TARGETS  harnesses to run (default: scenario chain feed pos_csv run_log)
#   FUZZ_CXX      the clang++ to build with (default clang++-14)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-scenario chain feed pos_csv run_log}"
jobs="${KAITEN_JOBS:-2}"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER="${FUZZ_CXX:-clang++-14}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG" \
  -DKAITEN_FUZZ=ON -DKAITEN_BUILD_TESTS=OFF \
  -DKAITEN_BUILD_BENCH=OFF -DKAITEN_BUILD_VIZ=OFF "${launcher[@]}" >/dev/null
build_targets=()
for t in $targets; do build_targets+=("fuzz_$t"); done
cmake --build build/fuzz -j"$jobs" --target "${build_targets[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
findings="$PWD/build/fuzz/findings"
failed=()
for t in $targets; do
  cp -r "tests/fuzz/corpus/$t" "$work/corpus-$t"
  dict=()
  [ -f "tests/fuzz/dict/$t.dict" ] && dict=(-dict="$PWD/tests/fuzz/dict/$t.dict")
  echo "== fuzz_$t: ${seconds} s"
  # -timeout: an input taking longer is a finding (the harnesses cap their work far below it).
  if (cd "$work" && "$OLDPWD/build/fuzz/bin/fuzz_$t" "$work/corpus-$t" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$work/$t-" -print_final_stats=1 \
      "${dict[@]}" >"$work/$t.log" 2>&1); then
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' \
      "$work/$t.log" || true
  else
    failed+=("$t")
    mkdir -p "$findings"
    cp "$work/$t"-* "$findings/" 2>/dev/null || true
    grep -v -E '^#[0-9]+' "$work/$t.log" | tail -n 60
    echo "fuzz_$t FAILED; the input is in $findings/ (docs/fuzzing.md: from a crash to a test)"
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing: no problem found (${seconds} s per harness)"
