"""The directory's maintained facts about a mentor: the next open slot and the rate in the base
currency. Readers (mentors.search) use them instead of computing slots per card or converting
prices per row.

- `free_time_refresh(mentor_ids)`: recompute the next open slot (three reads for the whole
  batch, one bulk write). Queued on commit by every service that changes a mentor's time
  (`free_time_changed_on_commit`) and run by a beat job for the mentors whose slot went stale.
- `mentor_prices_normalize(currencies)`: recompute `hourly_rate_base` for every mentor charging
  in these currencies, one UPDATE each, after staff changed the exchange-rate table.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Q, Value
from django.utils import timezone

from core import exchange
from mentors import selectors, slot_cache
from mentors import slots as slot_engine
from mentors.models import MentorProfile, MentorStatus

# A next slot computed longer ago than this is recomputed: the schedule's advance window rolls
# forward every day, so a mentor with nothing open yesterday may have time today.
FREE_TIME_MAX_AGE = timedelta(days=1)


def free_time_changed_on_commit(mentor_id) -> None:
    """Queue the refresh of a mentor's next open slot once the change that moved it commits,
    and forget the slot lists kept for the mentor then (mentors.slot_cache)."""
    from mentors.tasks import refresh_mentor_free_time

    slot_cache.forget_on_commit(mentor_id)
    refresh_mentor_free_time.delay_on_commit(str(mentor_id))


def free_time_taken_on_commit(mentor: MentorProfile, start_at: datetime) -> None:
    """Time from `start_at` on was just taken (a booking or a hold, on the mentor's row as read
    under its lock). The stored next open slot can only move if the taken time reaches it: the
    slot itself, or its day's caps and minimum gap (BUSY_MARGIN past it). Time taken later than
    that, or when nothing was open, leaves it as it is: no refresh is queued, and only the kept
    slot lists are forgotten. A mentor never computed yet is refreshed as before."""
    stored = mentor.next_free_at
    untouched = mentor.free_time_refreshed_at is not None and (
        stored is None
        or start_at >= stored + timedelta(minutes=mentor.next_free_minutes or 0) + slot_engine.BUSY_MARGIN
    )
    if untouched:
        slot_cache.forget_on_commit(mentor.pk)
    else:
        free_time_changed_on_commit(mentor.pk)


def free_time_refresh(*, mentor_ids: Iterable[uuid.UUID], now: datetime | None = None) -> int:
    """Recompute and store the next open slot of each of these mentors. Returns how many.

    Safe to run twice or concurrently: it writes what the committed data says at the moment it
    reads, and every later change queues another refresh after its own commit."""
    now = now or timezone.now()
    ids = list(dict.fromkeys(uuid.UUID(str(pk)) for pk in mentor_ids))  # a task passes text
    if not ids:
        return 0
    found = selectors.next_open_slots(mentor_ids=ids, now=now)
    rows = []
    for mentor_id in ids:
        slot, notice = found.get(mentor_id, (None, None))
        rows.append(
            MentorProfile(
                pk=mentor_id,
                next_free_at=slot.start_at if slot else None,
                next_free_minutes=slot.duration_minutes if slot else None,
                next_free_until=slot.start_at - timedelta(hours=notice) if slot else None,
                free_time_refreshed_at=now,
            )
        )
    with transaction.atomic():
        MentorProfile.objects.bulk_update(
            rows,
            ["next_free_at", "next_free_minutes", "next_free_until", "free_time_refreshed_at"],
            batch_size=200,
        )
    return len(rows)


def free_time_due(*, now: datetime | None = None, limit: int | None = None) -> list[uuid.UUID]:
    """Listed mentors whose stored next slot is stale: never computed, computed over a day ago,
    or past the moment it could still be booked. The stalest first, at most `limit`."""
    now = now or timezone.now()
    limit = limit or settings.MENTORS_FREE_TIME_BATCH
    return list(
        MentorProfile.objects.filter(status=MentorStatus.APPROVED, is_accepting_bookings=True)
        .filter(
            Q(free_time_refreshed_at__isnull=True)
            | Q(free_time_refreshed_at__lt=now - FREE_TIME_MAX_AGE)
            | Q(next_free_until__lte=now)
        )
        .order_by(F("free_time_refreshed_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[:limit]
    )


def free_time_refresh_all(*, now: datetime | None = None, batch: int = 500) -> int:
    """Every listed mentor, in batches (after a bulk load, e.g. the benchmark's seed)."""
    ids = list(
        MentorProfile.objects.filter(status=MentorStatus.APPROVED, is_accepting_bookings=True).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(ids), batch):
        free_time_refresh(mentor_ids=ids[start : start + batch], now=now)
    return len(ids)


# --- prices in one currency -------------------------------------------------------------------


def hourly_rate_in_base(mentor: MentorProfile) -> Decimal | None:
    base = exchange.to_base(mentor.hourly_rate, mentor.currency)
    return None if base is None else base.quantize(Decimal("0.0001"))


def mentor_prices_normalize(*, currencies: Iterable[str]) -> int:
    """Recompute every `hourly_rate_base` in these currencies from the current rates (one UPDATE
    per currency, in the database). A currency without a rate leaves its mentors unconvertible
    (null): they drop out of price filters and sort after every priced mentor."""
    table = exchange.rates()
    changed = 0
    with transaction.atomic():
        for currency in {c.upper() for c in currencies}:
            rows = MentorProfile.objects.filter(currency=currency)
            rate = table.get(currency)
            if rate is None:
                changed += rows.update(hourly_rate_base=None)
                continue
            changed += rows.update(
                hourly_rate_base=ExpressionWrapper(
                    F("hourly_rate")
                    / Value(rate, output_field=DecimalField(max_digits=18, decimal_places=8)),
                    output_field=MentorProfile._meta.get_field("hourly_rate_base"),
                )
            )
    return changed
