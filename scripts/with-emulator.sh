#!/usr/bin/env bash
# Starts a fresh Switchboard emulator on a free port, runs a command with its address and
# credentials appended, and stops the emulator afterwards.
# Usage: scripts/with-emulator.sh BINARY "EMULATOR OPTIONS" COMMAND [ARGS...]
#   runs: COMMAND ARGS... BASE_URL CLIENT_ID CLIENT_SECRET
set -euo pipefail

binary=$1
options=$2
shift 2
[ -x "$binary" ] || { echo "with-emulator: $binary not found; build first with 'swift build'." >&2; exit 1; }

log=$(mktemp)
# shellcheck disable=SC2086 # the options are a word list on purpose
"$binary" emulator --port 0 $options >"$log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; rm -f "$log"' EXIT

url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's/^Genesys Cloud emulator listening on \(http[^ ]*\).*/\1/p' "$log")
    [ -n "$url" ] && break
    kill -0 "$emulator" 2>/dev/null || { cat "$log" >&2; echo "with-emulator: the emulator exited before listening." >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; echo "with-emulator: the emulator did not start within 10 s." >&2; exit 1; }
client_id=$(sed -n 's/^ *OAuth client id: *//p' "$log")
client_secret=$(sed -n 's/^ *OAuth client secret: *//p' "$log")

"$@" "$url" "$client_id" "$client_secret"
