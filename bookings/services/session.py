"""The session itself: joining the room, who was there, completing, no-shows, notes, recordings."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings import errors, notifications, policy
from bookings.models import (
    Booking,
    BookingStatus,
    LessonType,
    Party,
    Recording,
    RefundPolicy,
    SessionNote,
    SessionParticipant,
)
from bookings.policy import JOINABLE, can_join, join_window
from bookings.services import money, reminders, rooms
from bookings.services._common import audit, lock_booking, move, party
from bookings.signals import session_completed
from bookings.video import get_provider
from core.errors import Forbidden, ValidationFailed
from mentors import services as mentor_services


def _arrive(booking: Booking, user, *, now: datetime, socket: bool = False) -> SessionParticipant:
    participant, created = SessionParticipant.objects.get_or_create(
        booking=booking, user=user, defaults={"joined_at": now, "open_sockets": 1 if socket else 0}
    )
    if not created:
        participant.join_count += 1
        participant.left_at = None
        fields = ["join_count", "left_at"]
        if socket:
            participant.open_sockets += 1
            fields.append("open_sockets")
        participant.save(update_fields=fields)
    return participant


def booking_join(*, booking_id, user, now: datetime | None = None) -> dict:
    """The room link and a meeting token, inside the join window only. The first join moves a
    confirmed booking to in_progress and tells the room (session.started)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        booking = lock_booking(booking_id, for_user=user)
        who = party(booking, user)
        if who not in (Party.LEARNER, Party.MENTOR):
            raise Forbidden("Only the learner and the mentor join the session.")
        if booking.status not in JOINABLE:
            raise errors.IllegalTransition(
                f"A {booking.status.replace('_', ' ')} booking has no session to join.",
                details={"status": booking.status},
            )
        opens, closes = join_window(booking)
        result = {
            "booking_id": booking.pk,
            "starts_at": booking.start_at,
            "ends_at": booking.end_at,
            "opens_at": opens,
            "can_join": False,
            "room_url": None,
            "meeting_token": None,
            "time_until_start_minutes": max(0, int((booking.start_at - now).total_seconds() // 60)),
        }
        if not opens <= now < closes:
            return result
        if not booking.meeting_room_url and get_provider().local:
            rooms.room_open(booking)
        _arrive(booking, user, now=now)
        if booking.status == BookingStatus.CONFIRMED:
            fields = move(booking, BookingStatus.IN_PROGRESS, now=now)
            booking.started_at = now
            booking.save(update_fields=[*fields, "started_at"])
            audit(booking, actor=user, action="start")
            notifications.session_started(booking, by_user=user)
    if not booking.meeting_room_url:
        booking = rooms.room_ensure(booking_id=booking.pk)
    expires = min(closes + timedelta(minutes=30), now + timedelta(minutes=settings.JITSI_TOKEN_MINUTES))
    result.update(
        can_join=True,
        room_url=booking.meeting_room_url,
        meeting_token=get_provider().meeting_token(
            booking=booking, user=user, is_host=who == Party.MENTOR, expires_at=expires
        ),
    )
    return result


def session_presence(*, user, booking_id, joined: bool, now: datetime | None = None) -> None:
    """The live room's sockets (messaging's SessionConsumer) report who is there: each person's
    first arrival and last departure go into the session record."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.filter(pk=booking_id).select_related("mentor").first()
        # A booking page open hours ahead is not attendance: only the join window counts.
        if booking is None or booking.party_of(user) is None or not can_join(booking, now=now):
            return
        if joined:
            _arrive(booking, user, now=now, socket=True)
            return
        participant = (
            SessionParticipant.objects.select_for_update().filter(booking=booking, user=user).first()
        )
        if participant is None:
            return
        participant.open_sockets = max(0, participant.open_sockets - 1)
        if participant.open_sockets == 0:
            participant.left_at = now
        participant.save(update_fields=["open_sockets", "left_at"])


# --- complete and no-shows --------------------------------------------------------------------------


def _complete(booking: Booking, *, now: datetime, summary: str = "") -> None:
    fields = move(booking, BookingStatus.COMPLETED, now=now)
    booking.completed_at = now
    if booking.started_at and booking.ended_at is None:
        booking.ended_at = min(now, booking.end_at)
    if summary:
        booking.summary = summary[:5000]
        fields.append("summary")
    booking.save(update_fields=[*fields, "completed_at", "ended_at"])
    SessionParticipant.objects.filter(booking=booking, left_at__isnull=True).update(
        left_at=booking.ended_at or now
    )
    reminders.reminders_cancel(booking=booking)
    money.release_earnings(booking, now=now)
    mentor_services.mentor_sessions_completed_add(mentor_id=booking.mentor_id)
    notifications.completed(booking)
    session_completed.send(sender=Booking, booking=booking)


def booking_complete(
    *, booking_id, user, summary: str = "", request=None, now: datetime | None = None
) -> Booking:
    """Either party, once the session has started (API.md §3)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user)
        party(booking, user)
        if not policy.may_complete(booking):
            raise errors.IllegalTransition(
                "Only a session that has started can be completed.", details={"status": booking.status}
            )
        _complete(booking, now=now, summary=summary)
        audit(booking, actor=user, action="complete", request=request)
    return booking


def joined_parties(booking: Booking) -> set[str]:
    ids = set(SessionParticipant.objects.filter(booking=booking).values_list("user_id", flat=True))
    found = set()
    if booking.learner_id in ids:
        found.add(Party.LEARNER)
    if booking.mentor.user_id in ids:
        found.add(Party.MENTOR)
    return found


def _no_show(booking: Booking, *, absent: str, by: str, now: datetime) -> None:
    target = BookingStatus.NO_SHOW_LEARNER if absent == Party.LEARNER else BookingStatus.NO_SHOW_MENTOR
    fields = move(booking, target, now=now)
    booking.no_show_marked_by_party = by
    booking.ended_at = booking.ended_at or now
    # API.md §3: the absent mentor refunds in full; an absent learner gets nothing back (stated
    # on the booking, as for a late cancellation, so the response and pages can say so).
    booking.refund_policy = RefundPolicy.FULL if absent == Party.MENTOR else RefundPolicy.NONE
    fields += ["no_show_marked_by_party", "ended_at", "refund_policy"]
    booking.save(update_fields=fields)
    reminders.reminders_cancel(booking=booking)
    if absent == Party.MENTOR:
        money.give_back_in_house(booking)
    else:
        # API.md §3: the mentor who waited is still paid.
        money.release_earnings(booking, now=now)
    notifications.no_show(booking)


def booking_mark_no_show(*, booking_id, user, absent: str, request=None, now: datetime | None = None):
    """`absent`=learner: the booking's mentor, from 15 minutes after the start, if the learner
    never joined. `absent`=mentor: staff (or the system) only; the learner is refunded in full.
    Returns (booking, refund or None)."""
    now = now or timezone.now()
    if absent not in (Party.LEARNER, Party.MENTOR):
        raise ValidationFailed.for_field("party", "Use learner or mentor.")
    with transaction.atomic(durable=True):
        booking = lock_booking(booking_id, for_user=user, staff_ok=True)
        by = party(booking, user)
        if absent == Party.MENTOR and by != Party.STAFF:
            raise Forbidden("Only staff can mark a mentor as absent.")
        if absent == Party.LEARNER and by not in (Party.MENTOR, Party.STAFF):
            raise Forbidden("Only the booking's mentor can mark the learner as absent.")
        if booking.status not in policy.NO_SHOW_MARKABLE:
            raise errors.IllegalTransition(
                "Only a confirmed or started session can be a no-show.", details={"status": booking.status}
            )
        allowed_from = policy.no_show_from(booking)
        if not policy.no_show_open(booking, now=now):
            raise errors.NotYet(
                f"A no-show can be marked from {settings.BOOKINGS_NO_SHOW_AFTER_MINUTES} minutes after the start.",
                details={"allowed_from": allowed_from},
            )
        if absent in joined_parties(booking):
            raise errors.IllegalTransition(f"The {absent} joined this session.", details={"reason": "joined"})
        _no_show(booking, absent=absent, by=by, now=now)
        audit(booking, actor=user, action="no_show", request=request, absent=absent)
    refund = money.card_refund(booking, actor=user) if absent == Party.MENTOR else None
    return booking, refund


def booking_finish(*, booking: Booking, now: datetime) -> None:
    """The job's decision, 30 minutes after a session's end (inside its transaction, row locked):
    both joined (or an in-person lesson, or nobody could tell) → completed; only the learner
    joined → the mentor did not come (refund); only the mentor joined → the learner did not."""
    joined = joined_parties(booking)
    if booking.lesson_type == LessonType.IN_PERSON or joined in ({Party.LEARNER, Party.MENTOR}, set()):
        if booking.status == BookingStatus.CONFIRMED and booking.lesson_type != LessonType.IN_PERSON:
            booking.system_reason = "nobody_joined"
            booking.save(update_fields=["system_reason"])
        _complete(booking, now=now)
        audit(booking, actor=None, action="complete", auto=True)
    elif joined == {Party.LEARNER}:
        # The job asks for the card refund once this transaction has committed.
        _no_show(booking, absent=Party.MENTOR, by=Party.SYSTEM, now=now)
        audit(booking, actor=None, action="no_show", absent=Party.MENTOR, auto=True)
    else:
        _no_show(booking, absent=Party.LEARNER, by=Party.SYSTEM, now=now)
        audit(booking, actor=None, action="no_show", absent=Party.LEARNER, auto=True)


# --- notes ----------------------------------------------------------------------------------------


def note_add(*, booking_id, user, text: str, is_public: bool = False) -> SessionNote:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed.for_field("notes", "Write something first.")
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user)
        if booking.party_of(user) is None:
            raise errors.BookingNotFound()
        if not policy.notes_open(booking):
            raise errors.IllegalTransition(
                "Notes are written once the session has started.", details={"status": booking.status}
            )
        return SessionNote.objects.create(
            booking=booking, author=user, text=text[:10000], is_public=is_public
        )


# --- recordings -----------------------------------------------------------------------------------


def recording_register(
    *,
    booking_id,
    url: str,
    provider: str = "",
    external_id: str = "",
    duration_seconds: int = 0,
    transcript_url: str = "",
    recorded_at: datetime | None = None,
) -> Recording:
    """The video provider reports a recording of the session (its webhook, or staff in the
    admin). Kept private until the mentor shares it; deleted 30 days after the session."""
    recorded_at = recorded_at or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking_id)
        recording, _ = Recording.objects.update_or_create(
            booking=booking,
            defaults={
                "provider": provider or booking.meeting_provider or get_provider().name,
                "external_id": external_id,
                "url": url,
                "transcript_url": transcript_url,
                "duration_seconds": duration_seconds,
                "recorded_at": recorded_at,
                "delete_after": booking.end_at + timedelta(days=settings.BOOKINGS_RECORDING_RETENTION_DAYS),
            },
        )
        audit(booking, actor=None, action="recording")
    return recording


def recording_share(
    *,
    booking_id,
    user,
    expiry_days: int | None = None,
    downloadable: bool = False,
    include_transcript: bool = False,
    now: datetime | None = None,
) -> Recording:
    now = now or timezone.now()
    days = settings.BOOKINGS_RECORDING_SHARE_DAYS if expiry_days is None else expiry_days
    if not 1 <= days <= 365:
        raise ValidationFailed.for_field("expiry_days", "Share for 1 to 365 days.")
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user)
        if party(booking, user) != Party.MENTOR:
            raise errors.NotAParty("Only the booking's mentor shares its recording.")
        recording = Recording.objects.select_for_update().filter(booking=booking).first()
        if recording is None:
            raise errors.RecordingNotFound("This session has no recording.")
        recording.shared_at = now
        recording.share_expires_at = now + timedelta(days=days)
        recording.downloadable = downloadable
        recording.include_transcript = include_transcript and bool(recording.transcript_url)
        # Shared for longer than the 30 days it is normally kept: it stays until the share ends.
        recording.delete_after = max(recording.delete_after, recording.share_expires_at)
        recording.save(
            update_fields=[
                "shared_at",
                "share_expires_at",
                "downloadable",
                "include_transcript",
                "delete_after",
            ]
        )
        audit(booking, actor=user, action="recording_share", expiry_days=days)
        notifications.recording_shared(booking, recording)
    return recording


def recordings_purge(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    with transaction.atomic():
        deleted, _ = Recording.objects.filter(delete_after__lte=now).delete()
    return deleted
