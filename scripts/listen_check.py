#!/usr/bin/env python3
"""Checks `switchboard listen` as a user runs it: against a fresh emulator that publishes events
and rotates the socket, it prints one JSON envelope per line, survives the rotation, exits 0 on
Ctrl-C (SIGINT) and leaves no subscriptions behind.

Usage: listen_check.py PATH-TO-SWITCHBOARD
"""
import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from checklist import Checklist


def request(base, path, token=None, method="GET", data=None, headers=None):
    request = urllib.request.Request(base + path, method=method, data=data, headers=headers or {})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


def main():
    binary = sys.argv[1]
    emulator = subprocess.Popen(
        [binary, "emulator", "--port", "0", "--agents", "6", "--queues", "2", "--speed", "120",
         "--heartbeat-interval", "0.5", "--faults", "socket_closing@2s:300ms"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    checklist = Checklist("listen")
    check = checklist.record

    try:
        base = None
        client_id = secret = None
        deadline = time.time() + 15
        while time.time() < deadline and not (base and client_id and secret):
            line = emulator.stdout.readline()
            if not line:
                break
            if m := re.match(r"Genesys Cloud emulator listening on (\S+)", line):
                base = m.group(1)
            if m := re.match(r"\s*OAuth client id:\s*(\S+)", line):
                client_id = m.group(1)
            if m := re.match(r"\s*OAuth client secret:\s*(\S+)", line):
                secret = m.group(1)
        if not base:
            print("listen: the emulator did not start", flush=True)
            return 1
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        token = request(base, "/oauth/token", method="POST", data=b"grant_type=client_credentials",
                        headers={"Authorization": "Basic " + basic,
                                 "Content-Type": "application/x-www-form-urlencoded"})["access_token"]
        users = [u["id"] for u in request(base, "/api/v2/users?pageSize=6", token)["entities"]]
        topics = []
        for user in users:
            topics += ["--topic", f"v2.users.{user}?presence&routingStatus"]

        env = dict(os.environ, GENESYSCLOUD_OAUTHCLIENT_ID=client_id, GENESYSCLOUD_OAUTHCLIENT_SECRET=secret)
        listen = subprocess.Popen(
            [binary, "listen", "--api-url", base, "--heartbeat-timeout", "2", "--pong-timeout", "1", *topics],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(4.5)
        listen.send_signal(signal.SIGINT)
        out, err = listen.communicate(timeout=20)

        check("listen exits 0 on Ctrl-C", listen.returncode == 0, f"exit {listen.returncode}; stderr: {err[-500:]}")
        lines = [l for l in out.splitlines() if l.strip()]
        envelopes = []
        for line in lines:
            try:
                envelopes.append(json.loads(line))
            except ValueError:
                pass
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
        channels = request(base, "/api/v2/notifications/channels?includechannels=oauthclient", token)["entities"]
        leftover = sum(len(request(base, f"/api/v2/notifications/channels/{c['id']}/subscriptions", token)["entities"])
                       for c in channels)
        check("subscriptions are deleted on exit", leftover == 0, f"{leftover} left")
    finally:
        emulator.send_signal(signal.SIGINT)
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()

    return checklist.summary()


if __name__ == "__main__":
    sys.exit(main())
