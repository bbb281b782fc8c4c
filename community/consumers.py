"""The live socket of one community group: /ws/groups/{group_id}/.

core.websocket has already checked the origin and the `?token=` (4401), as for every Mentora
socket. A group the user may not read answers 4404 (a private group does not exist for
strangers, as over REST). The socket only listens: the services push post.new, post.updated,
post.removed, comment.new, comment.updated and comment.removed after they commit."""

from __future__ import annotations

from channels.db import database_sync_to_async

from community import live
from community.models.groups import Group
from community.selectors import groups as selectors
from core.websocket import CLOSE_NOT_FOUND
from messaging.consumers import PersonalSocket, _uuid


def _readable(user, group_id) -> bool:
    group = Group.objects.filter(pk=group_id).first()
    return group is not None and selectors.can_read(group, user)


class GroupConsumer(PersonalSocket):
    async def connect(self) -> None:
        group_id = _uuid(self.scope["url_route"]["kwargs"]["group_id"])
        if group_id is None or not await database_sync_to_async(_readable)(self.user, group_id):
            return await self.refuse(CLOSE_NOT_FOUND)
        self.group_id = group_id
        await self.open(live.group_channel(group_id))
