#!/usr/bin/env python3
"""Proves the official Genesys Cloud Python SDK works unchanged against the Switchboard emulator.

Usage: python_sdk_check.py BASE_URL CLIENT_ID CLIENT_SECRET

Each check calls one SDK method the way an application would and asserts on the deserialized
models. Prints one line per check and a closing "N passed, N failed" line; exits non-zero on any
failure.
"""
import datetime
import sys
import warnings

import PureCloudPlatformClientV2 as gc
from PureCloudPlatformClientV2.rest import ApiException

from checklist import Checklist

ON_QUEUE_ID = "e08eaf1b-ee47-4fa9-a231-1200e284798f"


def topic(topic_id):
    """A ChannelTopic as applications build it (the SDK's models take no constructor arguments)."""
    entry = gc.ChannelTopic()
    entry.id = topic_id
    return entry


def main():
    base_url, client_id, client_secret = sys.argv[1:4]
    gc.configuration.host = base_url
    api_client = gc.api_client.ApiClient().get_client_credentials_token(client_id, client_secret)

    notifications = gc.NotificationsApi(api_client)
    presence = gc.PresenceApi(api_client)
    routing = gc.RoutingApi(api_client)
    users_api = gc.UsersApi(api_client)
    analytics = gc.AnalyticsApi(api_client)
    state = {}
    checklist = Checklist("python-sdk")
    check = checklist.check

    @check("OAuth client credentials login through the SDK")
    def _():
        assert api_client.access_token, "no access token"

    @check("RoutingApi.get_routing_queues pages and deserializes Queue models")
    def _():
        first = routing.get_routing_queues(page_size=3, page_number=1)
        assert first.total >= 3 and first.page_count == -(-first.total // 3), (first.total, first.page_count)
        queues = []
        for page in range(1, first.page_count + 1):
            queues += routing.get_routing_queues(page_size=3, page_number=page).entities
        assert len({q.id for q in queues}) == first.total
        assert all(isinstance(q, gc.Queue) and q.name and q.member_count > 0 for q in queues)
        state["queues"] = queues

    @check("RoutingApi.get_routing_queue and get_routing_queue_members")
    def _():
        queue = routing.get_routing_queue(state["queues"][0].id)
        assert queue.id == state["queues"][0].id and queue.division.name
        members = routing.get_routing_queue_members(queue.id, page_size=100, expand=["routingStatus", "presence"])
        assert len(members.entities) == queue.member_count
        assert all(m.routing_status.status in ("OFF_QUEUE", "IDLE", "INTERACTING") for m in members.entities)

    @check("UsersApi.get_users expands presence and routing status")
    def _():
        listing = users_api.get_users(page_size=100, expand=["presence", "routingStatus"])
        assert listing.total == len(listing.entities) > 0
        user = listing.entities[0]
        assert isinstance(user, gc.User) and user.state == "active"
        assert user.presence.presence_definition.id and user.routing_status.status
        assert isinstance(user.routing_status.start_time, datetime.datetime)
        state["users"] = listing.entities

    @check("UsersApi.get_user")
    def _():
        user = users_api.get_user(state["users"][1].id, expand=["presence"])
        assert user.name == state["users"][1].name

    @check("PresenceApi.get_presence_definitions (OnQueue) and legacy get_presencedefinitions (On Queue)")
    def _():
        definitions = presence.get_presence_definitions()
        on_queue = [d for d in definitions.entities if d.id == ON_QUEUE_ID]
        assert on_queue and on_queue[0].system_presence == "OnQueue" and on_queue[0].type == "System"
        # The legacy endpoint is deprecated but still served; checking its spelling is the point.
        with warnings.catch_warnings(record=True):
            legacy = presence.get_presencedefinitions()
        assert any(d.id == ON_QUEUE_ID and d.system_presence == "On Queue" for d in legacy.entities)

    @check("NotificationsApi.post_notifications_channels and head/get")
    def _():
        channel = notifications.post_notifications_channels()
        assert channel.id.startswith("streaming-") and channel.connect_uri.endswith("/channels/" + channel.id)
        assert isinstance(channel.expires, datetime.datetime)
        notifications.head_notifications_channel(channel.id)
        listed = notifications.get_notifications_channels(includechannels="token")
        assert channel.id in [c.id for c in listed.entities]
        state["channel"] = channel

    @check("NotificationsApi.post_notifications_channel_subscriptions with a combined topic")
    def _():
        user = state["users"][0].id
        queue = state["queues"][0].id
        body = [topic(f"v2.users.{user}?presence&routingStatus"),
                topic(f"v2.analytics.queues.{queue}.observations")]
        result = notifications.post_notifications_channel_subscriptions(state["channel"].id, body)
        ids = sorted(t.id for t in result.entities)
        assert ids == sorted([f"v2.users.{user}.presence", f"v2.users.{user}.routingStatus",
                              f"v2.analytics.queues.{queue}.observations"]), ids

    @check("NotificationsApi.put replaces, get lists, delete clears")
    def _():
        channel = state["channel"].id
        queue = state["queues"][1].id
        put = notifications.put_notifications_channel_subscriptions(
            channel, [topic(f"v2.routing.queues.{queue}.conversations")])
        assert [t.id for t in put.entities] == [f"v2.routing.queues.{queue}.conversations"]
        assert len(notifications.get_notifications_channel_subscriptions(channel).entities) == 1
        notifications.delete_notifications_channel_subscriptions(channel)
        assert notifications.get_notifications_channel_subscriptions(channel).entities == []

    @check("an invalid topic raises ApiException 400 with the platform error body")
    def _():
        try:
            notifications.post_notifications_channel_subscriptions(
                state["channel"].id, [topic("v2.users.nobody.presence")])
        except ApiException as error:
            assert error.status == 400 and "bad.request" in error.body, error.body
        else:
            raise AssertionError("no error for an invalid topic")

    @check("NotificationsApi.get_notifications_availabletopics")
    def _():
        topics = notifications.get_notifications_availabletopics(expand=["requiresPermissions"])
        observation = [t for t in topics.entities if t.id == "v2.analytics.queues.{id}.observations"]
        assert observation and "analytics:queueObservation:view" in observation[0].requires_permissions

    @check("AnalyticsApi.post_analytics_queues_observations_query")
    def _():
        queue = state["queues"][0].id
        query = gc.QueueObservationQuery()
        query.filter = gc.QueueObservationQueryFilter()
        query.filter.type = "or"
        predicate = gc.QueueObservationQueryPredicate()
        predicate.dimension = "queueId"
        predicate.value = queue
        query.filter.predicates = [predicate]
        query.metrics = ["oOnQueueUsers", "oWaiting", "oInteracting", "oMemberUsers"]
        response = analytics.post_analytics_queues_observations_query(query)
        groups = [r.group for r in response.results]
        assert {"queueId": queue} in groups and {"queueId": queue, "mediaType": "voice"} in groups, groups
        members = [d for r in response.results for d in r.data if d.metric == "oMemberUsers"]
        assert members and members[0].stats.count == state["queues"][0].member_count
        assert ON_QUEUE_ID in response.system_to_organization_mappings["ON_QUEUE"]

    @check("AnalyticsApi.post_analytics_conversations_aggregates_query")
    def _():
        now = datetime.datetime.now(datetime.timezone.utc)
        start = now - datetime.timedelta(days=1)
        query = gc.ConversationAggregationQuery()
        query.interval = start.strftime("%Y-%m-%dT%H:%M:%S.000Z") + "/" + now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        query.granularity = "PT30M"
        query.group_by = ["queueId"]
        query.metrics = ["nOffered", "tAnswered", "tAbandon", "oServiceLevel", "tHandle"]
        response = analytics.post_analytics_conversations_aggregates_query(query)
        assert response.results, "no results"
        levels = 0
        for result in response.results:
            assert result.group["queueId"] in {q.id for q in state["queues"]}
            for interval in result.data:
                metrics = {m.metric: m.stats for m in interval.metrics}
                assert metrics["nOffered"].count >= 1
                # A half-hour whose interactions are all still in progress has offers only.
                if "oServiceLevel" in metrics:
                    assert 0 <= metrics["oServiceLevel"].ratio <= 1
                    levels += 1
        assert levels > 0, "no half-hour with a service level"

    checklist.run()
    return checklist.summary()

if __name__ == "__main__":
    sys.exit(main())
