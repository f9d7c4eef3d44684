#!/usr/bin/env bash
# Fails if any C++ source is not clang-formatted with the repository's .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp')
[ -z "$files" ] && exit 0
clang-format --dry-run -Werror $files
