"""Reads about events: which events a person may see (an event of a private group only by the
group's readers: everyone else gets 404), the filtered list, who is going."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from community.models.events import Event, EventRSVP, EventStatus, RSVPStatus
from community.models.groups import Group
from community.selectors.groups import can_read, readable_groups
from learning.models.enrollment import ACTIVE_ENROLLMENT_STATUSES
from mentors.search import bounding_box, haversine_km

# An RSVP that counts as going: answered going, and for a paid workshop's attendee, the
# enrollment behind it still live (a cancelled enrollment stops counting at once).
GOING = Q(status=RSVPStatus.GOING) & (
    Q(enrollment__isnull=True) | Q(enrollment__status__in=ACTIVE_ENROLLMENT_STATUSES)
)
_GOING_FROM_EVENT = Q(rsvps__status=RSVPStatus.GOING) & (
    Q(rsvps__enrollment__isnull=True) | Q(rsvps__enrollment__status__in=ACTIVE_ENROLLMENT_STATUSES)
)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def visible_events(user) -> QuerySet[Event]:
    """Events without a group, and events of groups `user` may read."""
    return Event.objects.filter(Q(group__isnull=True) | Q(group__in=readable_groups(user)))


def event_visible_to(event: Event, user) -> bool:
    return event.group_id is None or can_read(event.group, user)


def going_rsvps(event: Event) -> QuerySet[EventRSVP]:
    return EventRSVP.objects.filter(event=event).filter(GOING)


def going_count(event: Event) -> int:
    return going_rsvps(event).count()


def rsvp_is_going(rsvp: EventRSVP) -> bool:
    return EventRSVP.objects.filter(pk=rsvp.pk).filter(GOING).exists()


def _annotated(events: QuerySet[Event], user) -> QuerySet[Event]:
    events = events.select_related("host", "group", "category").annotate(
        attendee_count=Count("rsvps", filter=_GOING_FROM_EVENT, distinct=True)
    )
    if _signed_in(user):
        mine = EventRSVP.objects.filter(event=OuterRef("pk"), user=user)
        events = events.annotate(
            my_rsvp=Subquery(mine.values("status")[:1]),
            my_going=Subquery(mine.filter(GOING).values("status")[:1]),
        )
    return events


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def event_list(
    *,
    user,
    type: list[str] | None = None,
    group_id: uuid.UUID | None = None,
    category_id: uuid.UUID | None = None,
    starts_from: date | None = None,
    starts_to: date | None = None,
    online: bool | None = None,
    lat: float | None = None,
    lng: float | None = None,
    radius_km: float | None = None,
    now: datetime | None = None,
) -> QuerySet[Event]:
    """Scheduled events, soonest first: those not over yet, or from the day `starts_from` on
    (days in UTC). With lat/lng/radius_km, in-person events within that distance, nearest
    first, each with `distance_km`."""
    now = now or timezone.now()
    events = visible_events(user).filter(status=EventStatus.SCHEDULED)
    if starts_from is not None:
        events = events.filter(starts_at__gte=_start_of(starts_from))
    else:
        events = events.filter(ends_at__gt=now)
    if starts_to is not None:
        events = events.filter(starts_at__lt=_start_of(starts_to) + timedelta(days=1))
    if type:
        events = events.filter(type__in=type)
    if group_id is not None:
        events = events.filter(group_id=group_id)
    if category_id is not None:
        events = events.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if online is not None:
        events = events.filter(is_online=online)
    events = _annotated(events, user)
    if lat is not None and lng is not None and radius_km is not None:
        return (
            events.filter(bounding_box(lat, lng, radius_km), is_online=False)
            .annotate(distance_km=haversine_km(lat, lng))
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "starts_at", "pk")
        )
    return events.order_by("starts_at", "pk")


def event_get(*, user, event_id) -> Event | None:
    """The event if `user` may see it (cancelled ones too), else None (answered 404)."""
    return _annotated(visible_events(user).select_related("opportunity"), user).filter(pk=event_id).first()


def group_upcoming_events(*, group: Group, user, limit: int = 5, now: datetime | None = None) -> list[Event]:
    """The next events of a group (for its page and API detail); the caller checked the group."""
    now = now or timezone.now()
    events = Event.objects.filter(group=group, status=EventStatus.SCHEDULED, ends_at__gt=now)
    return list(_annotated(events, user).order_by("starts_at", "pk")[:limit])


def spots_left(event: Event) -> int | None:
    """Places still free at an event read with its `attendee_count`; None without a capacity."""
    return None if event.capacity is None else max(event.capacity - event.attendee_count, 0)


def may_see_link(event: Event, user) -> bool:
    """The online link is for the people going (and whoever runs the event)."""
    if not _signed_in(user):
        return False
    if getattr(event, "my_going", None):
        return True
    if user.is_staff or event.host_id == user.pk:
        return True
    return EventRSVP.objects.filter(event=event, user=user).filter(GOING).exists()


def waitlist_position(event: Event, user) -> int | None:
    rsvp = EventRSVP.objects.filter(event=event, user=user, status=RSVPStatus.WAITLISTED).first()
    if rsvp is None:
        return None
    ahead = EventRSVP.objects.filter(event=event, status=RSVPStatus.WAITLISTED).filter(
        Q(waitlisted_at__lt=rsvp.waitlisted_at) | Q(waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk)
    )
    return ahead.count() + 1


def going_events_for(*, user, since: datetime) -> QuerySet[Event]:
    """Events `user` is going to, from `since` on (their calendar feed): cancelled ones too, so
    a subscribed calendar removes them."""
    going = EventRSVP.objects.filter(user=user).filter(GOING).values("event_id")
    return Event.objects.filter(pk__in=going, ends_at__gte=since).order_by("starts_at", "pk")
