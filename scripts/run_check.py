#!/usr/bin/env python3
"""Checks `switchboard run` as an operator runs it: an example configuration (the queue metrics
use case) against a fresh emulator, with the listen address and paths overridden from the
environment. The daemon reports ready, serves /healthz and Prometheus /metrics, writes JSON lines
and an audit log, and on SIGTERM exits 0 with its subscriptions deleted. A configuration with
mistakes is refused at start-up with every problem named by file, line and key; a secret written
in the YAML is refused; `--check` prints the settings without any secret.

Usage: run_check.py PATH-TO-SWITCHBOARD
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from checklist import Checklist
from emulator_process import EmulatorProcess


def get(url):
    """Status and body text of a GET; errors answer their status too."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main():
    binary = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    example = os.path.join(root, "examples", "queue-metrics.yml")
    scratch = tempfile.TemporaryDirectory(prefix="run-check-")
    checklist = Checklist("run")
    check = checklist.record
    emulator = EmulatorProcess(binary, "--agents", "10", "--queues", "4", "--speed", "120",
                               "--heartbeat-interval", "0.5")
    base, client_id, secret = emulator.base, emulator.client_id, emulator.secret
    try:
        if not base:
            print("run: the emulator did not start", flush=True)
            return 1
        env = dict(os.environ, GENESYSCLOUD_OAUTHCLIENT_ID=client_id, GENESYSCLOUD_OAUTHCLIENT_SECRET=secret,
                   SWITCHBOARD_PLATFORM__API_URL=base, SWITCHBOARD_HTTP__ADDRESS="127.0.0.1:0",
                   # Every queue of the emulator, rather than the example's name patterns.
                   SWITCHBOARD_WATCH__QUEUES__NAMES="*")
        events = os.path.join(scratch.name, "queue-metrics.jsonl")
        daemon = subprocess.Popen([binary, "run", "--config", example], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env, cwd=scratch.name)
        port = None
        deadline = time.time() + 30
        while time.time() < deadline and port is None:
            line = daemon.stderr.readline()
            if not line:
                break
            if m := re.search(r"http://127\.0\.0\.1:(\d+)/healthz", line):
                port = int(m.group(1))
        check("the daemon starts and says where it listens", port is not None)
        url = f"http://127.0.0.1:{port}"
        ready = False
        deadline = time.time() + 20
        while port and time.time() < deadline and not ready:
            ready = get(url + "/readyz")[0] == 200
            time.sleep(0.1)
        check("/readyz turns 200 once the channel is connected", ready)
        time.sleep(2)
        status, health = get(url + "/healthz")
        check("/healthz answers 200 with the phase", status == 200 and json.loads(health).get("phase") == "running",
              health)
        status, metrics = get(url + "/metrics")
        check("/metrics is Prometheus text with the pipeline, channel and sink figures",
              status == 200 and 'switchboard_sink_delivered{sink="metrics"}' in metrics
              and "switchboard_channels_live 1" in metrics and "switchboard_events_received{" in metrics,
              metrics[:300])
        status, page = get(url + "/")
        check("the wallboard page is served", status == 200 and "<html" in page.lower())

        daemon.send_signal(signal.SIGTERM)
        try:
            out, err = daemon.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            out, err = daemon.communicate()
        check("SIGTERM stops it with exit 0", daemon.returncode == 0, f"exit {daemon.returncode}: {err[-400:]}")
        lines = open(events).read().splitlines() if os.path.exists(events) else []
        check("events were written as JSON lines, each with its key",
              lines and all("key" in json.loads(line) for line in lines), f"{len(lines)} lines")
        audit = os.path.join(scratch.name, "switchboard-audit.jsonl")
        last = open(audit).read().splitlines()[-1] if os.path.exists(audit) else "{}"
        check("the audit log ends with the shutdown", json.loads(last).get("event") == "shutdown", last)
        leftover = emulator.leftover_subscriptions(emulator.token())
        check("subscriptions are deleted on exit", leftover == 0, f"{leftover} left")

        taken = socket.socket()
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = subprocess.run([binary, "run", "--config", example], capture_output=True, text=True, timeout=60,
                              env=dict(env, SWITCHBOARD_HTTP__ADDRESS=f"127.0.0.1:{taken.getsockname()[1]}"),
                              cwd=scratch.name)
        taken.close()
        check("an http.address in use ends it with one message naming the setting",
              busy.returncode != 0 and "is in use: set http.address" in busy.stderr
              and "Error: ServiceGroupError" not in busy.stderr, busy.stderr[-400:])

        bad = os.path.join(scratch.name, "bad.yml")
        with open(bad, "w") as file:
            file.write("platform:\n  regoin: eu-west-1\nsinks:\n  - type: jsonl\n    path: x.jsonl\n"
                       "    queue:\n      overflow: drop-oldest\n")
        refused = subprocess.run([binary, "run", "--config", bad], capture_output=True, text=True, timeout=20,
                                 env=dict(os.environ, GENESYSCLOUD_OAUTHCLIENT_ID="x",
                                          GENESYSCLOUD_OAUTHCLIENT_SECRET="y"))
        check("a configuration with mistakes is refused, every problem named by file, line and key",
              refused.returncode != 0 and f"{bad}:2:3: platform.regoin" in refused.stderr
              and "sinks[0].queue.overflow" in refused.stderr and "did you mean dropOldest" in refused.stderr,
              refused.stderr[-600:])
        leaked = os.path.join(scratch.name, "leaked.yml")
        with open(leaked, "w") as file:
            file.write(f"platform:\n  apiURL: {base}\n  clientSecret: hunter2\nwatch:\n  users:\n    names: ['*']\n")
        refused = subprocess.run([binary, "run", "--config", leaked], capture_output=True, text=True, timeout=20,
                                 env=env)
        check("a secret written in the YAML is refused without being echoed",
              refused.returncode != 0 and "GENESYSCLOUD_OAUTHCLIENT_SECRET" in refused.stderr
              and "hunter2" not in refused.stderr, refused.stderr[-400:])
        checked = subprocess.run([binary, "run", "--config", example, "--check"], capture_output=True, text=True,
                                 timeout=20, env=env, cwd=scratch.name)
        check("--check prints the settings and no secret",
              checked.returncode == 0 and "sink metrics" in checked.stdout and secret not in checked.stdout,
              checked.stdout[-400:] + checked.stderr[-300:])
    finally:
        scratch.cleanup()
        emulator.stop()
    return checklist.summary()


if __name__ == "__main__":
    sys.exit(main())
