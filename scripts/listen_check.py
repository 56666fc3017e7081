#!/usr/bin/env python3
"""Checks `switchboard listen` as a user runs it: against a fresh emulator that publishes events
and rotates the socket, it prints one JSON envelope per line, survives the rotation, exits 0 on
Ctrl-C (SIGINT) and leaves no subscriptions behind. With --audit-log it writes one JSON line per
health change to an owner-only file, with no channel id, token or secret; with --filter it prints
only what the expression admits, and a bad expression ends it at start-up with a caret under the
problem.

Usage: listen_check.py PATH-TO-SWITCHBOARD
"""
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time

from checklist import Checklist
from emulator_process import EmulatorProcess, request


def envelopes_of(out):
    """The stdout lines, and those of them that are JSON."""
    lines = [l for l in out.splitlines() if l.strip()]
    envelopes = []
    for line in lines:
        try:
            envelopes.append(json.loads(line))
        except ValueError:
            pass
    return lines, envelopes


def run_listen(binary, args, env, seconds):
    """Runs `listen` for `seconds`, then Ctrl-C; returns (exit code, stdout, stderr)."""
    listen = subprocess.Popen([binary, "listen", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env)
    time.sleep(seconds)
    listen.send_signal(signal.SIGINT)
    out, err = listen.communicate(timeout=20)
    return listen.returncode, out, err


def main():
    binary = sys.argv[1]
    scratch = tempfile.TemporaryDirectory(prefix="listen-check-")
    audit_path = os.path.join(scratch.name, "audit.jsonl")
    emulator = EmulatorProcess(binary, "--agents", "6", "--queues", "2", "--speed", "120",
                               "--heartbeat-interval", "0.5", "--faults", "socket_closing@2s:300ms")
    checklist = Checklist("listen")
    check = checklist.record

    try:
        base, client_id, secret = emulator.base, emulator.client_id, emulator.secret
        if not base:
            print("listen: the emulator did not start", flush=True)
            return 1
        token = emulator.token()
        users = [u["id"] for u in request(base, "/api/v2/users?pageSize=6", token)["entities"]]
        topics = []
        for user in users:
            topics += ["--topic", f"v2.users.{user}?presence&routingStatus"]

        env = dict(os.environ, GENESYSCLOUD_OAUTHCLIENT_ID=client_id, GENESYSCLOUD_OAUTHCLIENT_SECRET=secret)
        code, out, err = run_listen(
            binary, ["--api-url", base, "--heartbeat-timeout", "2", "--pong-timeout", "1",
                     "--audit-log", audit_path, *topics], env, 4.5)

        check("listen exits 0 on Ctrl-C", code == 0, f"exit {code}; stderr: {err[-500:]}")
        lines, envelopes = envelopes_of(out)
        check("every stdout line is one JSON envelope", len(envelopes) == len(lines) and lines,
              f"{len(lines)} lines, {len(envelopes)} JSON")
        backfill = [e for e in envelopes if e.get("metadata", {}).get("origin") == "backfill"]
        live = [e for e in envelopes if e not in backfill]
        check("envelopes carry topicName, version 2, eventBody and a CorrelationId",
              live and all(e.get("version") == "2" and "eventBody" in e and e["metadata"].get("CorrelationId")
                           and e["topicName"].split(".")[2] in users for e in live))
        ids = [e["metadata"]["CorrelationId"] for e in live]
        check("no envelope printed twice", len(ids) == len(set(ids)))
        startup = [e for e in backfill if e["metadata"].get("reason") == "startup"]
        check("the start-up state comes first: one backfill record per topic, ON_QUEUE spelled as events spell it",
              len(startup) == 2 * len(users) and envelopes[:len(startup)] == startup
              and all("CorrelationId" not in e["metadata"] for e in startup)
              and all(" " not in e["eventBody"]["presenceDefinition"]["systemPresence"]
                      for e in startup if e["topicName"].endswith(".presence")),
              f"{len(startup)} start-up records of {len(envelopes)} envelopes")
        check("the start-up backfill is reported on stderr", "backfill after start-up" in err, err[-500:])
        check("the socket_closing rotation is reported on stderr", "rotated to the replacement socket" in err, err[-500:])
        check("health stays off stdout", "switchboard:" not in out)
        channels = emulator.channels(token)
        leftover = emulator.leftover_subscriptions(token)
        check("subscriptions are deleted on exit", leftover == 0, f"{leftover} left")

        # --audit-log: one JSON line per health change, owner-only, nothing that grants access.
        audit_text = open(audit_path).read() if os.path.exists(audit_path) else ""
        audit = []
        for line in audit_text.splitlines():
            try:
                audit.append(json.loads(line))
            except ValueError:
                audit.append(None)
        check("--audit-log writes one JSON object per line, each with a time and an event",
              audit and all(isinstance(r, dict) and r.get("time") and r.get("event") for r in audit),
              audit_text[-500:])
        events = {r.get("event") for r in audit if isinstance(r, dict)}
        check("the audit log records the connection, the rotation, the start-up backfill and the shutdown",
              {"channel.connected", "channel.rotated", "backfill", "shutdown"} <= events, sorted(events))
        mode = stat.S_IMODE(os.stat(audit_path).st_mode) if os.path.exists(audit_path) else None
        check("the audit log is created owner-only (0600)", mode == 0o600, oct(mode) if mode is not None else "missing")
        channel_ids = [c["id"] for c in channels]
        check("the audit log names channels only shortened: no full channel id, token or secret",
              channel_ids and all(c not in audit_text for c in channel_ids)
              and token not in audit_text and secret not in audit_text
              and any(c[:14] in audit_text for c in channel_ids),
              f"channels {[c[:14] for c in channel_ids]}")

        # --filter: only what the expression admits reaches stdout.
        code, out, err = run_listen(
            binary, ["--api-url", base, "--filter", "family == userRoutingStatus", *topics], env, 3.5)
        lines, filtered = envelopes_of(out)
        check("--filter 'family == userRoutingStatus' prints only routing status envelopes",
              code == 0 and filtered and len(filtered) == len(lines)
              and all(e["topicName"].endswith(".routingStatus") for e in filtered),
              f"exit {code}; topics {sorted({e['topicName'].rsplit('.', 1)[-1] for e in filtered})}; "
              f"stderr: {err[-300:]}")

        # A bad expression ends listen at start-up, before any network call (nothing listens on
        # port 9), with the expression, a caret under the column and the parse message.
        bad = subprocess.run(
            [binary, "listen", "--api-url", "http://127.0.0.1:9", "--filter", "family == userRoutngStatus",
             *topics], capture_output=True, text=True, env=env, timeout=20)
        err_lines = bad.stderr.splitlines()
        expression_at = next((i for i, l in enumerate(err_lines) if l.strip() == "family == userRoutngStatus"), None)
        caret_ok = False
        if expression_at is not None and expression_at + 1 < len(err_lines):
            expression_line, caret_line = err_lines[expression_at], err_lines[expression_at + 1]
            caret_ok = ("^" in caret_line and caret_line.index("^") - expression_line.index("family") == 10
                        and "at column 11: expected a family" in caret_line)
        check("a bad --filter exits non-zero at start-up with a caret under the column and no stack trace",
              bad.returncode != 0 and caret_ok and bad.stdout == ""
              and not any(w in bad.stderr for w in ("Traceback", "Fatal error", "Stack dump", "Connection refused")),
              f"exit {bad.returncode}; stderr: {bad.stderr[-500:]}")

        unwritable = subprocess.run(
            [binary, "listen", "--api-url", "http://127.0.0.1:9", "--audit-log",
             os.path.join(scratch.name, "missing", "audit.jsonl"), *topics],
            capture_output=True, text=True, env=env, timeout=20)
        check("an --audit-log path that cannot be opened exits non-zero at start-up naming the path and the fix",
              unwritable.returncode != 0 and "missing/audit.jsonl: No such file or directory" in unwritable.stderr
              and "Create the directory" in unwritable.stderr, unwritable.stderr[-300:])
    finally:
        scratch.cleanup()
        emulator.stop()

    return checklist.summary()


if __name__ == "__main__":
    sys.exit(main())
