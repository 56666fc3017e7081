#!/usr/bin/env bash
# Runs the official Genesys Cloud Python SDK against a freshly started Switchboard emulator, its
# contact centre frozen (--speed 0) so successive reads agree.
# Usage: scripts/sdk-compat.sh [path-to-switchboard-binary]
# The python3 on PATH must have the SDK installed (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-emulator.sh "${1:-.build/debug/switchboard}" "--agents 40 --queues 6 --speed 0" \
    python3 scripts/python_sdk_check.py
