#!/usr/bin/env bash
# The daemon's resident memory while it tracks a large organisation: `switchboard run` against a
# separate emulator process with AGENTS agents and QUEUES queues, watching every agent's activity
# (presence, routing status and queues in one topic) and every queue's observations. With the
# defaults that is 20,000 topics: the platform's whole budget of 20 channels of 1,000 topics.
#
#   scripts/bench-daemon-memory.sh [AGENTS] [QUEUES] [SECONDS]     (defaults 18000 2000 300)
#
# The statistics windows slide over 300 seconds: memory is flat once they are full.
#
# Builds the release binary first. Prints the daemon's resident memory (VmRSS, and the peak VmHWM)
# every 10 seconds once it is ready, and the events it has taken in. The emulator runs its contact
# centre at twice real time (faster, one emulator process cannot keep up with 18,000 agents).
set -euo pipefail
cd "$(dirname "$0")/.."
agents=${1:-18000}
queues=${2:-2000}
seconds=${3:-300}

swift build -c release --product switchboard >/dev/null
bin=.build/release/switchboard
work=$(mktemp -d)
pids=()
trap 'kill -KILL "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" emulator --port 0 --agents "$agents" --queues "$queues" --speed 2 >"$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
    grep -q "listening on" "$work/emulator.log" 2>/dev/null && break
    sleep 0.1
done
api=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/emulator.log" | head -1)
[ -n "$api" ] || { echo "the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }

cat >"$work/switchboard.yml" <<YAML
platform:
  apiURL: $api
watch:
  users:
    names: ["*"]
  queues:
    names: ["*"]
  families: [userActivity, queueObservations]
http:
  address: 127.0.0.1:0
sinks:
  - type: jsonl
    path: $work/events.jsonl
YAML

GENESYSCLOUD_OAUTHCLIENT_ID=switchboard-emulator GENESYSCLOUD_OAUTHCLIENT_SECRET=emulator-secret \
    "$bin" run --config "$work/switchboard.yml" 2>"$work/daemon.log" &
daemon=$!
pids+=($daemon)
port=""
# Reading a large directory page by page takes a while.
for _ in $(seq 1 3000); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/healthz.*|\1|p' "$work/daemon.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "the daemon did not start" >&2; cat "$work/daemon.log" >&2; exit 1; }
start=$(date +%s)
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
    sleep 0.5
    [ $(( $(date +%s) - start )) -lt 300 ] || { echo "not ready after 300 s" >&2; curl -s "http://127.0.0.1:$port/readyz" >&2; exit 1; }
done
echo "ready after $(( $(date +%s) - start )) s: $(curl -s "http://127.0.0.1:$port/healthz")"
# Start-up backfill reads every agent and queue through REST within the rate limit; the board
# fills as it lands.
for elapsed in $(seq 10 10 "$seconds"); do
    sleep 10
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$daemon/status")
    peak=$(awk '/VmHWM/ {print $2}' "/proc/$daemon/status")
    metrics=$(curl -s "http://127.0.0.1:$port/metrics")
    gauge() { awk -v name="$1" '$1 == name {printf "%d", $2}' <<<"$metrics"; }
    seen=$(curl -s "http://127.0.0.1:$port/healthz" | sed -n 's/.*"eventsSeen":\([0-9]*\).*/\1/p')
    printf '%3d s: resident %d MiB (peak %d MiB), %s agents on the board, %s events, %s window samples, %s keys\n' \
        "$elapsed" $((rss / 1024)) $((peak / 1024)) "$(gauge switchboard_agent_board_agents)" "$seen" \
        "$(gauge switchboard_window_samples)" "$(gauge switchboard_deduplication_keys)"
done
kill -TERM "$daemon"
wait "$daemon"
