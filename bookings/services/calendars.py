"""Calendars: an .ics file per booking, and a personal feed URL with a secret token that
Google, Apple or Outlook calendar subscribe to (revocable; a new token kills the old URL)."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from bookings import calendar_entries as entries
from bookings.models import Booking, BookingStatus, CalendarToken, LessonType

PRODID = "-//Mentora//Bookings//EN"
# Closed bookings appear as cancelled so a subscribed calendar removes them.
FEED_STATUS = {
    BookingStatus.PENDING_PAYMENT: "TENTATIVE",
    BookingStatus.PENDING: "TENTATIVE",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.IN_PROGRESS: "CONFIRMED",
    BookingStatus.COMPLETED: "CONFIRMED",
    BookingStatus.NO_SHOW_LEARNER: "CONFIRMED",
    BookingStatus.NO_SHOW_MENTOR: "CANCELLED",
    BookingStatus.DECLINED: "CANCELLED",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.EXPIRED: "CANCELLED",
}


def _event(booking: Booking, *, viewer, stamp: datetime) -> icalendar.Event:
    other = booking.mentor.user if viewer.pk == booking.learner_id else booking.learner
    page = settings.SITE_URL + reverse("bookings:detail", args=[booking.pk])
    title = booking.topic or (booking.service.title if booking.service else "Mentoring session")
    description = [f"{settings.SITE_NAME} session with {other.display_name}."]
    if booking.lesson_type == LessonType.ONLINE:
        description.append(f"Join from the booking page (it opens 10 minutes before): {page}")
    else:
        description.append(f"In person. Details: {page}")
    # A rescheduled session is the same entry with a higher sequence: calendars move it.
    return entries.entry(
        uid=f"booking-{booking.pk}",
        stamp=stamp,
        start=booking.start_at,
        end=booking.end_at,
        updated=booking.updated_at,
        sequence=booking.reschedule_count,
        summary=f"{title} with {other.display_name}",
        url=page,
        description="\n".join(description),
        status=FEED_STATUS[booking.status],
    )


def booking_ics(*, booking: Booking, viewer) -> bytes:
    calendar = entries.calendar(f"{settings.SITE_NAME} session", prodid=PRODID)
    calendar.add_component(_event(booking, viewer=viewer, stamp=timezone.now()))
    return calendar.to_ical()


def feed_bookings(*, user, now: datetime) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(Q(learner=user) | Q(mentor__user=user))
        .filter(end_at__gte=now - timedelta(days=entries.FEED_PAST_DAYS))
        .select_related("mentor__user", "learner", "service")
        .order_by("start_at", "pk")
    )


def feed_ics(*, token: str) -> bytes | None:
    """The whole feed of the token's owner, or None for an unknown or revoked token."""
    found = CalendarToken.objects.select_related("user").filter(token=token, revoked_at__isnull=True).first()
    if found is None or not found.user.is_active or found.user.deleted_at is not None:
        return None
    now = timezone.now()
    CalendarToken.objects.filter(pk=found.pk).update(last_used_at=now)
    calendar = entries.calendar(f"{settings.SITE_NAME}: {found.user.display_name}", prodid=PRODID)
    # Ask subscribing calendars to look again every hour (RFC 7986; Outlook reads the X- one).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for booking in feed_bookings(user=found.user, now=now):
        calendar.add_component(_event(booking, viewer=found.user, stamp=now))
    # What the apps above bookings add (community's events): bookings.calendar_entries.
    for added in entries.feed_entries(user=found.user, now=now, stamp=now):
        calendar.add_component(added)
    return calendar.to_ical()


def calendar_token_get(*, user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_token_create(*, user) -> CalendarToken:
    """A fresh feed URL; the previous one stops working (so a leaked link can be replaced)."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        try:
            with transaction.atomic():
                return CalendarToken.objects.create(user=user)
        except IntegrityError:  # two clicks at once: the other one made it
            return CalendarToken.objects.get(user=user, revoked_at__isnull=True)


def calendar_token_revoke(*, user) -> int:
    with transaction.atomic():
        return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def feed_url(token: CalendarToken) -> str:
    return settings.SITE_URL + reverse("bookings:calendar-feed", args=[token.token])
