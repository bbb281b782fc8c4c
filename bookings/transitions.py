"""The one table of allowed status changes (API.md §3). A change not listed here raises
IllegalTransition (409) and writes nothing."""

from __future__ import annotations

from bookings.errors import IllegalTransition
from bookings.models import BookingStatus as S

ALLOWED: dict[str, frozenset[str]] = {
    # Paid (card webhook, credits, package) or free: on to the mentor, or straight to confirmed
    # when the schedule auto-confirms. Unpaid after the hold: expired.
    S.PENDING_PAYMENT: frozenset({S.PENDING, S.CONFIRMED, S.CANCELLED, S.EXPIRED}),
    S.PENDING: frozenset({S.CONFIRMED, S.DECLINED, S.CANCELLED, S.EXPIRED}),
    S.CONFIRMED: frozenset({S.IN_PROGRESS, S.CANCELLED, S.COMPLETED, S.NO_SHOW_LEARNER, S.NO_SHOW_MENTOR}),
    # Started (someone joined): the other one may still never come.
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.NO_SHOW_LEARNER, S.NO_SHOW_MENTOR}),
    # An expired unpaid booking whose payment arrived after all, while its time was still free:
    # back to waiting for that payment, which then moves it on as any payment does.
    S.EXPIRED: frozenset({S.PENDING_PAYMENT}),
    S.COMPLETED: frozenset(),
    S.DECLINED: frozenset(),
    S.CANCELLED: frozenset(),
    S.NO_SHOW_LEARNER: frozenset(),
    S.NO_SHOW_MENTOR: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


def check(current: str, target: str) -> None:
    if not can_move(current, target):
        raise IllegalTransition(
            f"A {current.replace('_', ' ')} booking cannot become {target.replace('_', ' ')}.",
            details={"status": current, "wanted": target},
        )
