#!/usr/bin/env python3
"""Proves the third-party socket client `genesys-notifications` (koodaamo, PyPI) works against the
Switchboard emulator's notification WebSockets.

Usage: genesys_notifications_check.py BASE_URL CLIENT_ID CLIENT_SECRET

The channel is created over the emulator's REST API (plain urllib, as an application would with
any HTTP client); the library then connects to the channel's connectUri, subscribes over the
socket itself ({"message":"subscribe",...}) and iterates notifications. Events are triggered with
the emulator's POST /emulator/publish and faults with POST /emulator/faults.

Prints one line per check and a closing "N passed, N failed" line; exits non-zero on any failure.
"""
import asyncio
import base64
import json
import logging
import sys
import types
import urllib.error
import urllib.request

import genesys_notifications.channel as koo_channel
from genesys_notifications import Channel
from genesys_notifications.exceptions import (REASON, ChannelExpiring, InitializationFailure,
                                              SubscriptionFailure)

from checklist import Checklist

TIMEOUT = 10


def python311_compatible_asyncio():
    """genesys-notifications 1.3 passes a bare coroutine (`connection.recv()`) to asyncio.wait(),
    which Python 3.11 forbids ("Passing coroutines is forbidden, use tasks explicitly"); the
    library's iteration then fails against any server. This gives the library's module an asyncio
    whose wait() wraps coroutines in tasks first, which is what Python 3.10 did implicitly, and
    leaves everything else, including the library's own code, untouched."""
    def wait(fs, *args, **kwargs):
        return asyncio.wait([asyncio.ensure_future(f) for f in fs], *args, **kwargs)

    shim = types.SimpleNamespace(**{name: getattr(asyncio, name) for name in dir(asyncio) if not name.startswith("__")})
    shim.wait = wait
    return shim


koo_channel.asyncio = python311_compatible_asyncio()


class Emulator:
    def __init__(self, base_url, client_id, client_secret):
        self.base_url = base_url.rstrip("/")
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        status, body = self.call("POST", "/oauth/token", form="grant_type=client_credentials",
                                 headers={"Authorization": f"Basic {basic}"})
        assert status == 200, (status, body)
        self.token = body["access_token"]

    def call(self, method, path, body=None, form=None, headers=None, bearer=False):
        headers = dict(headers or {})
        data = None
        if bearer:
            headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if form is not None:
            data = form.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, json.loads(text) if text else None

    def api(self, method, path, body=None):
        status, answer = self.call(method, path, body=body, bearer=True)
        assert 200 <= status < 300, (method, path, status, answer)
        return answer

    def publish(self, topic, event_body):
        status, answer = self.call("POST", "/emulator/publish", body={"topic": topic, "eventBody": event_body})
        assert status == 200, (status, answer)
        return answer

    def fault(self, fault, channel_id):
        status, answer = self.call("POST", "/emulator/faults", body={"fault": fault, "channel": channel_id})
        assert status == 200 and answer["channels"] == [channel_id], (status, answer)


async def opened(channel):
    """Connects and subscribes. Awaiting a Channel runs its initialize(), which returns None (the
    README's `notifications = await Channel(...)` would bind None), so the object is kept."""
    await asyncio.wait_for(channel.initialize(), TIMEOUT)
    return channel


async def next_notification(channel):
    return await asyncio.wait_for(channel.__anext__(), TIMEOUT)


async def main():
    base_url, client_id, client_secret = sys.argv[1:4]
    emulator = Emulator(base_url, client_id, client_secret)
    quiet = logging.getLogger("genesys-notifications-check")
    quiet.setLevel(logging.ERROR)

    users = [u["id"] for u in emulator.api("GET", "/api/v2/users?pageSize=3")["entities"]]
    topics = [f"v2.users.{users[0]}.presence", f"v2.users.{users[1]}.routingStatus"]
    created = emulator.api("POST", "/api/v2/notifications/channels")
    uri, channel_id = created["connectUri"], created["id"]
    state = {}
    checklist = Checklist("genesys-notifications")
    check = checklist.check

    @check("the library connects to the connectUri and subscribes over the socket")
    async def _():
        state["channel"] = await opened(Channel(uri, topics, logger=quiet))
        assert state["channel"].connected
        for _ in range(100):
            listed = [t["id"] for t in emulator.api("GET", f"/api/v2/notifications/channels/{channel_id}/subscriptions")["entities"]]
            if listed == topics:
                break
            await asyncio.sleep(0.05)
        assert listed == topics, listed

    @check("published events arrive through the library's iterator, in the platform envelope")
    async def _():
        channel = state["channel"]
        sent = [emulator.publish(topic, {"id": users[n], "sequence": n}) for n, topic in enumerate(topics)]
        assert all(s["queuedFor"] == [channel_id] for s in sent), sent
        received = [await next_notification(channel) for _ in sent]
        assert [r["topicName"] for r in received] == topics, received
        assert [r["metadata"]["CorrelationId"] for r in received] == [s["correlationId"] for s in sent]
        assert all(r["version"] == "2" for r in received)
        assert [r["eventBody"]["sequence"] for r in received] == [0, 1]
        state["received"] = received

    @check("heartbeats and the subscribe reply are consumed by the library, never surfaced")
    async def _():
        channel = state["channel"]
        await asyncio.sleep(0.6)  # several heartbeats at the emulator's 200 ms interval
        sent = emulator.publish(topics[0], {"after": "heartbeats"})
        received = await next_notification(channel)
        assert received["metadata"]["CorrelationId"] == sent["correlationId"], received
        assert all(r["topicName"] != "channel.metadata" for r in state["received"] + [received])

    @check("socket_closing surfaces as ChannelExpiring; a rollover to the same URI keeps events flowing")
    async def _():
        channel = state["channel"]
        emulator.fault("socket_closing:5s", channel_id)
        try:
            await next_notification(channel)
            raise AssertionError("no ChannelExpiring was raised")
        except ChannelExpiring as expiring:
            assert expiring.reason == REASON.ChannelClosing, expiring.reason
        await asyncio.wait_for(channel.rollover(uri), TIMEOUT)
        sent = emulator.publish(topics[1], {"after": "rollover"})
        received = await next_notification(channel)
        assert received["metadata"]["CorrelationId"] == sent["correlationId"], received
        assert received["eventBody"] == {"after": "rollover"}

    @check("a bad topic in the socket-level subscribe surfaces as SubscriptionFailure (result 400)")
    async def _():
        other = emulator.api("POST", "/api/v2/notifications/channels")
        channel = await opened(Channel(other["connectUri"], ["v2.users.not-a-uuid.presence"], logger=quiet))
        try:
            await next_notification(channel)
            raise AssertionError("no SubscriptionFailure was raised")
        except SubscriptionFailure as failure:
            assert "not-a-uuid" in (failure.message or ""), failure.message
        finally:
            await channel.close()

    @check("the handshake for an unknown channel is refused with HTTP 404")
    async def _():
        bad = uri.rsplit("/", 1)[0] + "/streaming-0-aaaaaaaaaaaaaaaaaaaaaaaaaa"
        try:
            await opened(Channel(bad, topics, logger=quiet))
            raise AssertionError("the connection was accepted")
        except InitializationFailure as failure:
            original = failure.original.original
            assert getattr(original, "status_code", None) == 404, repr(original)

    await checklist.run_async()
    if "channel" in state and state["channel"].connected:
        await state["channel"].close()
    return checklist.summary()

if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
