"""Auto-scheduling (API.md §8, POST /agents/me/schedule-session): the earliest open slot of one
mentor on the preferred days and in the preferred part of the day, in the user's time zone,
booked through bookings' own service; a spoken confirmation follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from assistant import errors, planning, selectors
from assistant.models import ActionType
from assistant.services import talk
from assistant.services.agents import action_log
from assistant.services.commands import booked, spoken_url
from bookings import services as booking_services
from bookings.models import Booking, PaymentMethod
from core.errors import DomainError
from core.timezones import user_zone
from mentors.errors import MentorProfileNotFound
from mentors.models import MentorProfile, Service


@dataclass
class Scheduled:
    booking: Booking
    selected_time: datetime
    reason: str
    voice_confirmation_url: str | None


def schedule_session(
    *,
    user,
    mentor_id,
    preferred_time_range: str,
    preferred_days: list[str],
    duration_minutes: int | None = None,
    service_id=None,
    payment_method: str = PaymentMethod.CARD,
    package_purchase_id=None,
    now: datetime | None = None,
) -> Scheduled:
    """Credits or a package are spent only when `payment_method` names them; a card booking is
    left pending_payment (the agent never charges a card) and the user is notified. Refusals
    (no free time, a mentor who cannot be booked, too few credits) keep their normal codes and
    are logged as failed actions."""
    now = now or timezone.now()
    agent = selectors.agent_get(user=user)
    if not agent.is_enabled:
        raise errors.AgentDisabled()
    if not agent.auto_schedule_enabled:
        raise errors.AutoScheduleOff()
    zone = user_zone(user)
    details = {
        "mentor_id": str(mentor_id),
        "preferred_time_range": preferred_time_range,
        "preferred_days": preferred_days,
        "payment_method": payment_method,
    }
    try:
        mentor = (
            MentorProfile.objects.bookable().select_related("user", "schedule").filter(pk=mentor_id).first()
        )
        if mentor is None:
            raise MentorProfileNotFound()
        if service_id:
            service = Service.objects.filter(pk=service_id, mentor=mentor, is_active=True).first()
            duration_minutes = service.duration_minutes if service else duration_minutes
        weekdays = [planning.WEEKDAY_NAMES.index(day) for day in preferred_days]
        slot = planning.earliest_slot(
            mentor=mentor,
            zone=zone,
            now=now,
            weekdays=weekdays,
            window=preferred_time_range,
            duration_minutes=duration_minutes,
            horizon_days=mentor.schedule.max_advance_days if getattr(mentor, "schedule", None) else 28,
        )
        if slot is None:
            raise errors.NoTimeInWindow()
        booking, _ = booking_services.booking_create(
            learner=user,
            mentor_id=mentor.pk,
            start_at=slot.start_at,
            duration_minutes=slot.duration_minutes,
            timezone_name=user.timezone,
            service_id=service_id,
            payment_method=payment_method,
            package_purchase_id=package_purchase_id,
            card=None,
            now=now,
        )
    except DomainError as error:
        action_log(agent=agent, action_type=ActionType.SCHEDULED_BOOKING, details=details, error=error)
        raise
    local = slot.start_at.astimezone(zone)
    days = ", ".join(day.capitalize() for day in preferred_days) or "any day"
    reason = (
        f"The earliest open slot of {mentor.user.display_name} on {days} in the {preferred_time_range} "
        f"({planning.window_words(preferred_time_range)}, {zone.key}): {local:%A %d %B %Y %H:%M}."
    )
    outcome = booked(agent, booking, details={**details, "reason": reason}, zone=zone)
    spoken = f"{outcome.text} {talk.say_time(slot.start_at, zone)} was the earliest free time in the {preferred_time_range}."
    return Scheduled(
        booking=booking,
        selected_time=slot.start_at,
        reason=reason,
        voice_confirmation_url=spoken_url(agent, spoken),
    )
