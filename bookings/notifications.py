"""What bookings tells people: one notification per change through messaging's `notify`, and
the live events of API.md §5 (booking.updated to both parties' streams and the session room).

Each call runs inside the transaction of the change: the notification commits or rolls back
with it, pushes leave after commit, and a dedupe key makes a retried change write nothing twice.
Times are written in each recipient's own time zone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse

from core.money import format_money
from messaging import realtime
from messaging.services import notify


def local_time(moment, user) -> str:
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    local = moment.astimezone(zone)
    return f"{local:%A %d %B %Y, %H:%M} ({zone.key})"


def _url(booking) -> str:
    return reverse("bookings:detail", args=[booking.pk])


def _data(booking, **extra) -> dict:
    return {
        "booking_id": booking.pk,
        "status": booking.status,
        "start_at": booking.start_at,
        "end_at": booking.end_at,
        **extra,
    }


def _send(booking, *, user, type: str, title: str, body: str, key: str, **extra) -> None:
    notify(
        user=user,
        type=type,
        title=title,
        body=body,
        action_url=_url(booking),
        data=_data(booking, **extra),
        dedupe_key=f"booking:{booking.pk}:{key}",
    )


def status_pushed(booking) -> None:
    """booking.updated {booking_id, status} to both parties' streams and the live room, once the
    change commits, with the status the booking committed with. A booking that moves twice in one
    transaction (created, then paid and confirmed: booking_create) is pushed once, confirmed,
    never first as the 'pending_payment' it no longer is."""
    user_ids = [booking.learner_id, booking.mentor.user_id]
    realtime.push_on_commit(
        lambda: realtime.booking_updated_pushes(
            booking_id=booking.pk, status=booking.status, user_ids=user_ids
        ),
        # This copy of the booking (the callback holds it, so its id is not reused meanwhile).
        once=("booking.updated", id(booking)),
    )


def requested(booking) -> None:
    mentor_user = booking.mentor.user
    _send(
        booking,
        user=mentor_user,
        type="booking_requested",
        title=f"{booking.learner.display_name} asks for a session",
        body=f"{local_time(booking.start_at, mentor_user)}, {booking.duration_minutes} minutes. "
        f"Please confirm or decline by {local_time(booking.confirm_by, mentor_user)}.",
        key="requested",
    )


def _paid(booking, user) -> str:
    """What the learner paid by card, worded as on every page (core.money)."""
    if booking.payment_method != "card":
        return ""
    return f". Paid: {format_money(booking.price, booking.currency, user=user)}"


def confirmed(booking) -> None:
    mentor_user = booking.mentor.user
    _send(
        booking,
        user=booking.learner,
        type="booking_confirmed",
        title=f"Your session with {mentor_user.display_name} is confirmed",
        body=local_time(booking.start_at, booking.learner) + _paid(booking, booking.learner),
        key=f"confirmed:{booking.reschedule_count}",
    )
    _send(
        booking,
        user=mentor_user,
        type="booking_confirmed",
        title=f"New session with {booking.learner.display_name}",
        body=local_time(booking.start_at, mentor_user),
        key=f"confirmed-mentor:{booking.reschedule_count}",
    )


def declined(booking) -> None:
    _send(
        booking,
        user=booking.learner,
        type="booking_declined",
        title=f"{booking.mentor.user.display_name} cannot take your session",
        body=(booking.decline_reason or "The mentor declined the request.") + " You get a full refund.",
        key="declined",
    )


def cancelled(booking, *, by_user) -> None:
    recipients = [u for u in (booking.learner, booking.mentor.user) if by_user is None or u.pk != by_user.pk]
    who = by_user.display_name if by_user is not None else "Mentora"
    for user in recipients:
        refund = ""
        if user.pk == booking.learner_id:
            refund = " You get a full refund." if booking.refund_policy == "full" else " No refund applies."
        _send(
            booking,
            user=user,
            type="booking_cancelled",
            title=f"Session on {local_time(booking.start_at, user)} cancelled",
            body=f"Cancelled by {who}."
            + (f" Reason: {booking.cancellation_reason}" if booking.cancellation_reason else "")
            + refund,
            key="cancelled",
        )


def expired(booking) -> None:
    if booking.system_reason == "unpaid":
        _send(
            booking,
            user=booking.learner,
            type="booking_cancelled",
            title="Your booking expired before it was paid",
            body=f"The time on {local_time(booking.start_at, booking.learner)} was released. You can book again.",
            key="expired",
        )
        return
    for user in (booking.learner, booking.mentor.user):
        _send(
            booking,
            user=user,
            type="booking_cancelled",
            title="A session request expired unconfirmed",
            body=f"{local_time(booking.start_at, user)}. "
            + (
                "You get a full refund." if user.pk == booking.learner_id else "It was not confirmed in time."
            ),
            key="expired",
        )


def rescheduled(booking, *, by_user, old_start) -> None:
    """Both parties hear of the new time (API.md §3): the other one that it moved, the one who
    moved it that it is done (with the time in their own zone, for their calendar)."""
    for user in (booking.learner, booking.mentor.user):
        moved_by_them = user.pk == by_user.pk
        _send(
            booking,
            user=user,
            type="booking_rescheduled",
            title="You moved your session" if moved_by_them else f"{by_user.display_name} moved your session",
            body=f"From {local_time(old_start, user)} to {local_time(booking.start_at, user)}.",
            key=f"rescheduled:{booking.reschedule_count}:{'by' if moved_by_them else 'for'}",
            previous_start_at=old_start,
        )


def session_started(booking, *, by_user) -> None:
    other = booking.other_party(by_user)
    _send(
        booking,
        user=other,
        type="session_started",
        title=f"{by_user.display_name} is in the session room",
        body="Join now from the booking page.",
        key="started",
    )
    realtime.session_event(booking_id=booking.pk, type="session.started", started_at=booking.started_at)


def completed(booking) -> None:
    for user in (booking.learner, booking.mentor.user):
        body = "How was it? Leave a review." if user.pk == booking.learner_id else "Thank you for mentoring."
        _send(
            booking,
            user=user,
            type="booking_completed",
            title="Session completed",
            body=body,
            key="completed",
        )
    realtime.session_event(booking_id=booking.pk, type="session.ended", status=booking.status)


def no_show(booking) -> None:
    absent = "learner" if booking.status == "no_show_learner" else "mentor"
    for user in (booking.learner, booking.mentor.user):
        refund = ""
        if user.pk == booking.learner_id and absent == "mentor":
            refund = " You get a full refund."
        _send(
            booking,
            user=user,
            type="booking_cancelled",
            title=f"Session marked as a no-show of the {absent}",
            body=local_time(booking.start_at, user) + "." + refund,
            key="no-show",
        )
    realtime.session_event(booking_id=booking.pk, type="session.ended", status=booking.status)


def reminder(booking, *, user, kind: str, key: str):
    when = {"24h": "tomorrow", "1h": "in one hour"}.get(kind, "soon")
    other = booking.other_party(user)
    return notify(
        user=user,
        type="session_reminder",
        title=f"Your session with {other.display_name} starts {when}",
        body=local_time(booking.start_at, user),
        action_url=_url(booking),
        data=_data(booking, kind=kind),
        dedupe_key=key,
    )


def review_received(review, booking) -> None:
    reviewed = booking.mentor.user if review.direction == "learner_to_mentor" else booking.learner
    _send(
        booking,
        user=reviewed,
        type="review_received",
        title=f"{review.reviewer.display_name} reviewed your session: {review.rating} of 5",
        body=review.text[:300],
        key=f"review:{review.pk}",
        review_id=review.pk,
    )


def review_response(review, booking) -> None:
    _send(
        booking,
        user=review.reviewer,
        type="review_response",
        title=f"{booking.mentor.user.display_name} answered your review",
        body=review.mentor_response[:300],
        key=f"review-response:{review.pk}",
        review_id=review.pk,
    )


def recording_shared(booking, recording) -> None:
    _send(
        booking,
        user=booking.learner,
        type="booking_completed",
        title="The recording of your session is ready",
        body=f"Shared until {local_time(recording.share_expires_at, booking.learner)}.",
        key=f"recording-shared:{recording.shared_at.timestamp()}",
    )
    realtime.session_event(
        booking_id=booking.pk, type="recording.ready", expires_at=recording.share_expires_at
    )
