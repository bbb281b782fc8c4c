"""Reads of the assistant: the caller's agent and log, the mentors a command may name, and the
bookings, messages and notifications it reads out (through the owning apps' selectors)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from assistant import errors
from assistant.models import Agent, AgentAction
from assistant.recognise import MentorName
from bookings import policy
from bookings import selectors as booking_selectors
from bookings.models import Booking
from mentors.models import Favorite, MentorProfile
from messaging import selectors as messaging_selectors
from messaging.errors import MessageNotFound
from messaging.models import Conversation, Message, Notification


def agent_for(*, user) -> Agent | None:
    return Agent.objects.filter(user=user).first()


def agent_get(*, user) -> Agent:
    agent = agent_for(user=user)
    if agent is None:
        raise errors.AgentNotFound()
    return agent


def action_list(*, agent: Agent, action_type: list[str] | None = None) -> QuerySet[AgentAction]:
    actions = AgentAction.objects.filter(agent=agent).order_by("-created_at", "-id")
    if action_type:
        actions = actions.filter(action_type__in=action_type)
    return actions


def _names(rows) -> list[tuple]:
    return [(pk, full or username or "", user_id) for pk, full, username, user_id in rows]


def mentors_known(*, user) -> list[MentorName]:
    """Mentors the user booked, favourited or wrote with: a name in a command means them first."""
    conversations = Conversation.objects.filter(Q(user_low=user) | Q(user_high=user)).values_list(
        "user_low_id", "user_high_id"
    )
    people = {pk for pair in conversations for pk in pair} - {user.pk}
    rows = (
        MentorProfile.objects.filter(
            Q(pk__in=Booking.objects.filter(learner=user).values("mentor_id"))
            | Q(pk__in=Favorite.objects.filter(learner=user).values("mentor_id"))
            | Q(user_id__in=people)
        )
        .exclude(user=user)
        .values_list("pk", "user__full_name", "user__username", "user_id")
    )
    return [MentorName(id=pk, name=name, known=True) for pk, name, _ in _names(rows) if name]


def mentors_all(*, exclude: set) -> list[MentorName]:
    rows = (
        MentorProfile.objects.bookable()
        .exclude(pk__in=exclude)
        .values_list("pk", "user__full_name", "user__username", "user_id")
    )
    return [MentorName(id=pk, name=name) for pk, name, _ in _names(rows) if name]


def mentor_user_id(*, mentor_id) -> tuple:
    """(user id, display name) of a mentor profile."""
    profile = MentorProfile.objects.select_related("user").get(pk=mentor_id)
    return profile.user_id, profile.user.display_name


def upcoming_bookings(
    *, user, now: datetime, mentor_id=None, day: date | None = None, zone: ZoneInfo, until: date | None = None
) -> list[Booking]:
    """The user's live bookings that have not ended, soonest first; a `day` or a range of days
    is in the user's time zone."""
    bookings = booking_selectors.booking_list_for_user(user=user, upcoming=True, mentor_id=mentor_id, now=now)
    if day is not None:
        last = until or day
        start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
        bookings = bookings.filter(start_at__gte=start, start_at__lt=end)
    return list(bookings[:20])


def cancellable(bookings: list[Booking]) -> list[Booking]:
    return [b for b in bookings if policy.may_cancel(b)]


def unread_messages(*, user, sender_id=None, limit: int = 5) -> tuple[list[Message], int]:
    messages = Message.objects.filter(recipient=user, read_at__isnull=True, deleted_at__isnull=True)
    if sender_id is not None:
        messages = messages.filter(sender_id=sender_id)
    total = messages.count()
    return list(messages.select_related("sender").order_by("-created_at")[:limit]), total


def recent_messages(*, user, sender_id=None, limit: int = 3) -> list[Message]:
    messages = Message.objects.filter(recipient=user, deleted_at__isnull=True)
    if sender_id is not None:
        messages = messages.filter(sender_id=sender_id)
    return list(messages.select_related("sender").order_by("-created_at")[:limit])


def unread_notifications(*, user, limit: int = 5) -> tuple[list[Notification], int]:
    notifications = messaging_selectors.notification_list(user=user, is_read=False)
    return list(notifications[:limit]), notifications.count()


def received_message_get(*, user, message_id) -> Message:
    """A message the user received (404 for anyone else's, as messaging answers)."""
    message = messaging_selectors.message_for_participant(user=user, message_id=message_id)
    if message.recipient_id != user.pk:
        raise MessageNotFound()
    return message
