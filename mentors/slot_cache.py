"""A mentor's computed slots, kept in the shared cache until the mentor's time changes.

A public slot list is read far more often than a mentor's time changes, and computing it (the
schedule's entries, the busy time, four weeks of candidates) was most of the request. The slots
are kept as compute_slots returns them without a `now` (every slot of the window, whatever the
notice and advance limits); each reader applies the limits for its own moment
(`mentors.slots.within_limits`), so a kept list never goes stale by the clock.

What makes a kept list stale is a change to the mentor's time. Each mentor has a version token
in the cache; a kept list carries the token it was computed under and counts only while the
token is still the mentor's. `forget_on_commit(mentor_id)` replaces the token once the change
commits: every service that changes a mentor's time calls it (most through
`free_time_changed_on_commit`), and so does every saved or deleted schedule (mentors.receivers).
A reader takes the token before it reads the database, so a list computed from data older than
a change is never kept under a token newer than that change.

Only a cache every process shares can hold them (Redis: MENTORS_SLOT_CACHE_SECONDS is 0 on the
embedded default, where each process has its own memory). If Redis fails, lists are computed
from the database as before; a token that could not be replaced during an outage expires with
its lists after MENTORS_SLOT_CACHE_SECONDS.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

from core.outage import cache_outage
from core.transactions import on_commit_once
from mentors.slots import Slot

# A token lives a day unless replaced sooner: a reader after that sets a new one, which no kept
# list carries, so an expired token never lets a stale list count.
TOKEN_SECONDS = 24 * 60 * 60


def enabled() -> bool:
    return settings.MENTORS_SLOT_CACHE_SECONDS > 0


def _token_key(mentor_id) -> str:
    return f"mentors:time-version:{mentor_id}"


def _slots_key(mentor_id, start: datetime, end: datetime, duration_minutes, include_unavailable) -> str:
    window = f"{int(start.timestamp())}-{int(end.timestamp())}"
    return f"mentors:slots:{mentor_id}:{window}:{duration_minutes or 0}:{int(include_unavailable)}"


def kept_slots(
    *,
    mentor_id: uuid.UUID,
    start: datetime,
    end: datetime,
    duration_minutes: int | None,
    include_unavailable: bool,
    compute: Callable[[], list[Slot]],
) -> list[Slot]:
    """The mentor's slots of [start, end) as `compute()` returns them (without a `now`): the
    kept list while the mentor's time is unchanged, else computed and kept. One cache round trip
    when kept, three when not."""
    token_key = _token_key(mentor_id)
    slots_key = _slots_key(mentor_id, start, end, duration_minutes, include_unavailable)
    found = cache_outage.attempt(lambda: cache.get_many([token_key, slots_key]), fallback=None)
    if found is None:  # Redis is down: the database answers
        return compute()
    token, kept = found.get(token_key), found.get(slots_key)
    if token is not None and kept is not None and kept[0] == token:
        return [Slot(mentor_id, *row) for row in kept[1]]
    if token is None:
        token = uuid.uuid4().hex
        if not cache_outage.attempt(lambda: cache.add(token_key, token, TOKEN_SECONDS), fallback=False):
            return compute()  # another reader set one first: compute, keep nothing this time
    slots = compute()
    rows = [(s.start_at, s.end_at, s.duration_minutes, s.status, s.reason) for s in slots]
    timeout = settings.MENTORS_SLOT_CACHE_SECONDS
    cache_outage.attempt(lambda: cache.set(slots_key, (token, rows), timeout), fallback=None)
    return slots


def forget(mentor_id) -> None:
    """Every kept list of this mentor stops counting (a new version token)."""
    cache_outage.attempt(
        lambda: cache.set(_token_key(mentor_id), uuid.uuid4().hex, TOKEN_SECONDS), fallback=None
    )


def forget_on_commit(mentor_id) -> None:
    """Once the change in progress commits, the mentor's kept lists stop counting: readers see
    the committed change from then on, however many changes it made (one token write). A
    rolled-back change forgets nothing."""
    if enabled():
        on_commit_once(("slot_cache.forget", str(mentor_id)), lambda: forget(mentor_id), robust=True)
