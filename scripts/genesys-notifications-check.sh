#!/usr/bin/env bash
# Runs the third-party socket client genesys-notifications (koodaamo, PyPI) against a freshly
# started Switchboard emulator with fast heartbeats and the contact centre frozen (--speed 0), so
# only the events the check publishes flow.
# Usage: scripts/genesys-notifications-check.sh [path-to-switchboard-binary]
# The python3 on PATH must have genesys-notifications installed (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-emulator.sh "${1:-.build/debug/switchboard}" "--agents 20 --queues 4 --heartbeat-interval 200ms --speed 0" \
    timeout 120 python3 scripts/genesys_notifications_check.py
