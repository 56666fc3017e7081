#!/usr/bin/env bash
# Runs the third-party socket client genesys-notifications (koodaamo, PyPI) against a freshly
# started Switchboard emulator with fast heartbeats.
# Usage: scripts/genesys-notifications-check.sh [path-to-switchboard-binary]
# The python3 on PATH must have genesys-notifications installed (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-.build/debug/switchboard}
[ -x "$binary" ] || { echo "genesys-notifications-check: $binary not found; build first with 'swift build'." >&2; exit 1; }

log=$(mktemp)
"$binary" emulator --port 0 --agents 20 --queues 4 --heartbeat-interval 200ms >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; rm -f "$log"' EXIT

url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's/^Genesys Cloud emulator listening on \(http[^ ]*\).*/\1/p' "$log")
    [ -n "$url" ] && break
    kill -0 "$emulator" 2>/dev/null || { cat "$log" >&2; echo "genesys-notifications-check: the emulator exited before listening." >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; echo "genesys-notifications-check: the emulator did not start within 10 s." >&2; exit 1; }
client_id=$(sed -n 's/^ *OAuth client id: *//p' "$log")
client_secret=$(sed -n 's/^ *OAuth client secret: *//p' "$log")

timeout 120 python3 scripts/genesys_notifications_check.py "$url" "$client_id" "$client_secret"
