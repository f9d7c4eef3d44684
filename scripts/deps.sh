#!/usr/bin/env bash
# Installs the Debian packages kaiten needs, only those missing. Runs apt-get update first when it
# has anything to install. Everything kaiten builds with comes from here: no downloads at build time.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config clang-format time
  libboost-dev libboost-graph-dev libyaml-cpp-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev libeigen3-dev libnlopt-cxx-dev liblzma-dev libdeflate-dev
  libsfml-dev xvfb xauth libgl1-mesa-dri fonts-dejavu-core
  clang-14 libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes for scripts/fuzz.sh
  python3 python3-yaml python3-jsonschema  # the scenario schema and docs tests
  libopenmpi-dev openmpi-bin  # kaiten chain batch under mpirun (docs/chain.md); optional at build
  sqlite3  # the chain batch tests compare histories with the sqlite3 shell
  libjs-chart.js  # Chart.js, compiled into `kaiten report` pages (docs/reports.md)
  chromium        # `kaiten report --png` and the report_browser test (headless)
  libpaho-mqttpp-dev libpaho-mqtt-dev  # MQTT client of the live module (docs/live.md)
  mosquitto       # the MQTT broker the live_broker test starts on a loopback port
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "kaiten: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
