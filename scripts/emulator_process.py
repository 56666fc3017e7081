"""A `switchboard emulator` child process for the command-line checks: started on a free port,
its base URL and credentials read from what it prints, plus the REST calls the checks make
against it (a token, the subscriptions left behind).
"""
import base64
import json
import re
import signal
import subprocess
import time
import urllib.request


def request(base, path, token=None, method="GET", data=None, headers=None):
    """One REST call; the JSON answer, or None for an empty body."""
    request = urllib.request.Request(base + path, method=method, data=data, headers=headers or {})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


class EmulatorProcess:
    """Starts `binary emulator --port 0 ARGUMENTS`; `base` stays None when it did not start."""

    def __init__(self, binary, *arguments):
        self.process = subprocess.Popen([binary, "emulator", "--port", "0", *arguments],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.base = self.client_id = self.secret = None
        deadline = time.time() + 15
        while time.time() < deadline and not (self.base and self.client_id and self.secret):
            line = self.process.stdout.readline()
            if not line:
                break
            if m := re.match(r"Genesys Cloud emulator listening on (\S+)", line):
                self.base = m.group(1)
            if m := re.match(r"\s*OAuth client id:\s*(\S+)", line):
                self.client_id = m.group(1)
            if m := re.match(r"\s*OAuth client secret:\s*(\S+)", line):
                self.secret = m.group(1)

    def token(self):
        """A client-credentials token."""
        basic = base64.b64encode(f"{self.client_id}:{self.secret}".encode()).decode()
        return request(self.base, "/oauth/token", method="POST", data=b"grant_type=client_credentials",
                       headers={"Authorization": "Basic " + basic,
                                "Content-Type": "application/x-www-form-urlencoded"})["access_token"]

    def channels(self, token):
        """Every channel of the OAuth client."""
        return request(self.base, "/api/v2/notifications/channels?includechannels=oauthclient", token)["entities"]

    def leftover_subscriptions(self, token):
        """Topics still subscribed on any channel of the OAuth client."""
        return sum(len(request(self.base, f"/api/v2/notifications/channels/{c['id']}/subscriptions",
                               token)["entities"])
                   for c in self.channels(token) if c.get("id"))

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
