"""The live socket of a group, /ws/groups/{id}/: the same token and origin checks as the other
sockets, closed (4404) to anyone who may not read the group, and every new post, comment and
removal pushed to those watching."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken

from community.services import moderation
from community.services import posts as post_services
from config.asgi import application
from core.websocket import CLOSE_NOT_FOUND, CLOSE_UNAUTHORIZED
from tests.community.group_factories import a_group, member_of
from tests.factories import UserFactory
from tests.messaging.test_websockets import WAIT, close_code, next_event, open_socket, run

pytestmark = pytest.mark.django_db(transaction=True)


def path(group) -> str:
    return f"/ws/groups/{group.pk}/"


def test_members_watching_a_group_see_posts_comments_and_removals_arrive():
    group = a_group()
    alice, bob = member_of(group), member_of(group)

    async def scenario():
        watching = await open_socket(bob, path(group))
        post = await sync_to_async(post_services.post_create)(
            group_id=group.pk, user=alice, title="Hi", body="Hello"
        )
        assert await next_event(watching, "post.new") == {
            "type": "post.new",
            "post_id": str(post.pk),
            "group_id": str(group.pk),
        }
        comment = await sync_to_async(post_services.comment_create)(post_id=post.pk, user=alice, body="First")
        arrived = await next_event(watching, "comment.new")
        assert arrived["comment_id"] == str(comment.pk) and arrived["parent_id"] is None
        await sync_to_async(moderation.content_moderate)(
            moderator=group.owner, action="hide", post_id=post.pk
        )
        assert (await next_event(watching, "post.removed"))["post_id"] == str(post.pk)
        await watching.disconnect()

    run(scenario)


def test_strangers_cannot_watch_a_private_group_and_a_bad_token_is_refused():
    private = a_group(visibility="private")
    stranger = UserFactory()

    async def scenario():
        refused = await open_socket(stranger, path(private))
        assert await close_code(refused) == CLOSE_NOT_FOUND
        unknown = await open_socket(stranger, "/ws/groups/not-a-uuid/")
        assert await close_code(unknown) == CLOSE_NOT_FOUND
        bad = await open_socket(stranger, path(private), token="not-a-token")
        assert await close_code(bad) == CLOSE_UNAUTHORIZED

    run(scenario)


def test_a_page_of_another_site_cannot_open_the_socket():
    group = a_group()
    member = member_of(group)

    async def scenario():
        token = str(AccessToken.for_user(member))
        socket = WebsocketCommunicator(
            application, f"{path(group)}?token={token}", headers=[(b"origin", b"http://evil.example")]
        )
        connected, _ = await socket.connect(timeout=WAIT)
        assert not connected
        await socket.disconnect()

    run(scenario)
