#!/usr/bin/env bash
# Runs every Switchboard test on a fresh Debian machine with the Swift toolchain:
#   1. installs what the tests need and is missing (Python's venv module, redis-server, the official
#      Genesys Cloud Python SDK and genesys-notifications in a private virtual environment under .build/),
#   2. builds the package, runs the demo once, proves the official SDK and the third-party
#      socket client genesys-notifications work against the emulator, and runs `switchboard listen`
#      and the daemon (`switchboard run`) as a user would,
#   3. runs `swift test`, with the real-time socket suites and the headless-browser suites each in a
#      pass of their own.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

apt_updated=""
apt_install() {
    local runner=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "test.sh: need root or sudo to install: $*" >&2; exit 1; }
        runner=(sudo)
    fi
    if [ -z "$apt_updated" ]; then
        "${runner[@]}" apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

command -v swift >/dev/null || { echo "test.sh: the Swift toolchain is not on PATH; install Swift 6.2 or newer first." >&2; exit 1; }
command -v python3 >/dev/null || apt_install python3
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
# The Redis client's tests (SwitchboardSinksTests) start private redis-servers on free loopback ports.
command -v redis-server >/dev/null || apt_install redis-server
# The wallboard's browser tests (WallboardTests) load its page in a headless Chromium.
command -v chromium >/dev/null || apt_install chromium
# The durable outbox (GRDB) links the system SQLite, found through pkg-config: the build needs both.
command -v pkg-config >/dev/null || apt_install pkg-config
dpkg -s libsqlite3-dev >/dev/null 2>&1 || apt_install libsqlite3-dev

# The official SDK, pinned so the check is reproducible; kept out of the system Python.
sdk_version=269.0.0
venv=.build/python-sdk-venv
if ! "$venv/bin/python" -c "import PureCloudPlatformClientV2" 2>/dev/null \
    || [ "$("$venv/bin/python" -m pip show purecloudplatformclientv2 2>/dev/null | sed -n 's/^Version: //p')" != "$sdk_version" ]; then
    say "installing the Genesys Cloud Python SDK $sdk_version"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "purecloudplatformclientv2==$sdk_version"
fi

# The third-party socket client genesys-notifications (koodaamo), pinned with its dependencies:
# websockets 13.1 is the last release whose default client is the legacy one the library was
# written against (it catches that client's InvalidStatusCode).
koo_version=1.3
if [ "$("$venv/bin/python" -m pip show genesys-notifications 2>/dev/null | sed -n 's/^Version: //p')" != "$koo_version" ]; then
    say "installing genesys-notifications $koo_version"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "genesys-notifications==$koo_version" "websockets==13.1" "ujson==6.1.0"
fi

say "building"
swift build

say "demo (the README's main command) against the embedded emulator"
# Port 0: a CI machine may have 8080 taken; the demo prints the wallboard's address.
timeout 120 .build/debug/switchboard demo --duration 8 --port 0

say "official Python SDK against the emulator"
PATH="$PWD/$venv/bin:$PATH" scripts/sdk-compat.sh .build/debug/switchboard

say "third-party socket client (genesys-notifications) against the emulator"
PATH="$PWD/$venv/bin:$PATH" scripts/genesys-notifications-check.sh .build/debug/switchboard

say "switchboard listen as a user runs it, against the emulator"
python3 scripts/listen_check.py .build/debug/switchboard

say "switchboard run (the daemon) as an operator runs it, against the emulator"
python3 scripts/run_check.py .build/debug/switchboard

# Suites that hold real sockets to wall-clock expectations (heartbeats every few hundred
# milliseconds, a shutdown within seconds; the integration suites stream through faults with
# 1.5-second heartbeat timeouts) run in a pass of their own: beside some 600 other tests
# on two cores their timers ran late and they failed for want of CPU, not for a fault.
realtime='EmulatorShutdownTests|EmulatorFaultTests|EmulatorSocketTests|SwitchboardIntegrationTests'

say "swift test"
# The headless-browser suites start Chromium, which takes both cores for a few seconds: they run
# on their own afterwards too, so they do not stall the timing-sensitive socket tests.
swift test --skip "BrowserTests|$realtime"
say "swift test: real-time socket suites"
swift test --skip-build --filter "$realtime"
say "swift test: the wallboard in headless Chromium"
swift test --skip-build --filter BrowserTests
