"""Writes of community events: create, edit (reschedule), cancel, RSVP with a capacity and a
waitlist, and the paid workshop's attendees from learning's confirmed enrollments.

Every change to who is going takes the event row's lock first (`select_for_update`), so counting
the people going and adding one is a single step: 30 people racing for 3 places give exactly 3
going, and a drop-out promotes exactly one waiting person. Notifications are written in the same
transaction (notify), and leave after commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from community import events_timezones
from community.errors.events import EnrollmentRequired, EventClosed, EventFull, EventNotFound, NotAHost
from community.models.events import Event, EventRSVP, EventStatus, EventType, RSVPStatus
from community.models.groups import Group
from community.selectors import events as selectors
from community.selectors.groups import is_moderator, moderated_groups, readable_groups
from community.services import events_reminders as reminders
from core.errors import Conflict, ValidationFailed
from core.locks import busy_as_error
from core.timezones import normalize
from learning.models import Enrollment, Opportunity, OpportunityStatus, OpportunityType
from learning.models.enrollment import ACTIVE_ENROLLMENT_STATUSES
from learning.services.catalogue import may_author
from mentors.models import Category
from messaging.services import notifications_batched, notify

PLACE_FIELDS = ("is_online", "venue", "address", "city", "country", "latitude", "longitude")


# --- who may host ------------------------------------------------------------------------------


def may_host(user, group: Group | None = None) -> bool:
    """Mentors and staff (those who may author opportunities) host events; a group's owner and
    moderators host its events."""
    if may_author(user):
        return True
    return group is not None and bool(user and user.is_authenticated) and is_moderator(group, user)


def _open(groups: QuerySet[Group]) -> QuerySet[Group]:
    return groups.filter(archived_at__isnull=True)  # an archived group takes no new event


def hostable_groups(user) -> QuerySet[Group]:
    """The open groups `user` may host an event in: every group they read for mentors and staff,
    else the groups they own or moderate."""
    if not (user and user.is_authenticated):
        return Group.objects.none()
    return _open(readable_groups(user) if may_author(user) else moderated_groups(user))


def may_host_somewhere(user) -> bool:
    """Whether `user` may host any event at all (the "Host an event" page and its links)."""
    if may_author(user):
        return True
    return bool(user and user.is_authenticated) and _open(moderated_groups(user)).exists()


def may_edit(user, event: Event) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or event.host_id == user.pk:
        return True
    return event.group_id is not None and is_moderator(event.group, user)


# --- create and edit ---------------------------------------------------------------------------


def _group_for(user, group_id) -> Group | None:
    if group_id is None:
        return None
    group = readable_groups(user).filter(pk=group_id).first()
    if group is None:
        raise ValidationFailed.for_field("group_id", "No such group.")
    if group.archived_at is not None:
        raise ValidationFailed.for_field("group_id", "This group is archived.")
    return group


def _opportunity_for(opportunity_id, event_type: str) -> Opportunity | None:
    if opportunity_id is None:
        return None
    found = Opportunity.objects.filter(pk=opportunity_id, status=OpportunityStatus.PUBLISHED).first()
    if found is None:
        raise ValidationFailed.for_field("opportunity_id", "No such published opportunity.")
    if found.type != OpportunityType.WORKSHOP:
        raise ValidationFailed.for_field("opportunity_id", "Only a workshop opportunity can be an event.")
    if event_type != EventType.WORKSHOP:
        raise ValidationFailed.for_field("type", "An event with an opportunity is a workshop.")
    return found


def _category_for(category_id) -> Category | None:
    if category_id is None:
        return None
    found = Category.objects.filter(pk=category_id).first()
    if found is None:
        raise ValidationFailed.for_field("category_id", "No such category.")
    return found


def _check_place(values: dict[str, Any], *, host) -> None:
    """Online: a link. In person: coordinates and an address; the zone comes from the
    coordinates. Writes `timezone` into `values`."""
    errors: dict[str, list[str]] = {}
    if values["is_online"]:
        if not values.get("online_url"):
            errors["online_url"] = ["An online event needs its link."]
        values["timezone"] = (
            normalize(values.get("timezone")) or normalize(getattr(host, "timezone", "")) or "UTC"
        )
        values.update(latitude=None, longitude=None)
    else:
        for name in ("latitude", "longitude"):
            if values.get(name) is None:
                errors[name] = ["An in-person event needs its coordinates."]
        if not (values.get("address") or values.get("venue")):
            errors["address"] = ["An in-person event needs an address or a venue."]
        if not errors:
            values["timezone"] = events_timezones.timezone_at(lat=values["latitude"], lng=values["longitude"])
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], details=errors)


def _check_times(values: dict[str, Any], *, now: datetime) -> None:
    if values["ends_at"] <= values["starts_at"]:
        raise ValidationFailed.for_field("ends_at", "The event must end after it starts.")
    if values["starts_at"] <= now:
        raise ValidationFailed.for_field("starts_at", "The event must start in the future.")


def event_create(*, user, data: dict[str, Any], now: datetime | None = None) -> Event:
    now = now or timezone.now()
    group = _group_for(user, data.get("group_id"))
    if not may_host(user, group):
        raise NotAHost()
    opportunity = _opportunity_for(data.get("opportunity_id"), data["type"])
    values = {
        "type": data["type"],
        "title": data["title"],
        "description": data.get("description", ""),
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "timezone": data.get("timezone", ""),
        "is_online": data.get("is_online", True),
        "online_url": data.get("online_url", ""),
        "venue": data.get("venue", ""),
        "address": data.get("address", ""),
        "city": data.get("city", ""),
        "country": data.get("country", ""),
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "capacity": data.get("capacity"),
    }
    _check_times(values, now=now)
    _check_place(values, host=user)
    if opportunity is not None:
        if values["capacity"] is not None:
            raise ValidationFailed.for_field("capacity", "A paid workshop's seats are its opportunity's.")
        values["capacity"] = opportunity.capacity
    with transaction.atomic():
        event = Event.objects.create(
            **values,
            group=group,
            category=_category_for(data.get("category_id")) or (group.category if group else None),
            host=user,
            opportunity=opportunity,
        )
        if opportunity is not None:
            # People who enrolled before the event was made are going already.
            for enrollment in Enrollment.objects.filter(
                opportunity=opportunity, status__in=ACTIVE_ENROLLMENT_STATUSES
            ).select_related("user"):
                _attend_by_enrollment(event, enrollment, now=now)
    return event


def _locked(event_id) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("group").filter(pk=event_id).first()
    if event is None:
        raise EventNotFound()
    return event


def event_update(*, event_id, user, data: dict[str, Any], now: datetime | None = None) -> Event:
    """The host, the group's moderators or staff edit an event. A new time moves every
    attendee's reminder and raises the calendar sequence; more places promote waiting people."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        event = _locked(event_id)
        if not selectors.event_visible_to(event, user) or not may_edit(user, event):
            raise EventNotFound()
        if event.is_cancelled:
            raise Conflict("A cancelled event cannot be edited.")
        values = {name: getattr(event, name) for name in (*PLACE_FIELDS, "online_url", "timezone")}
        values.update(starts_at=event.starts_at, ends_at=event.ends_at)
        values.update({k: v for k, v in data.items() if k in values})
        moved = values["starts_at"] != event.starts_at or values["ends_at"] != event.ends_at
        if moved:
            _check_times(values, now=now)
        place_changed = any(values[name] != getattr(event, name) for name in PLACE_FIELDS)
        if place_changed or "online_url" in data:
            _check_place(values, host=event.host)
        elif "timezone" in data and event.is_online:
            values["timezone"] = normalize(data["timezone"]) or event.timezone
        if data.get("type", EventType.WORKSHOP) != EventType.WORKSHOP and event.opportunity_id is not None:
            raise ValidationFailed.for_field("type", "An event with an opportunity is a workshop.")
        if "capacity" in data and event.opportunity_id is not None:
            raise ValidationFailed.for_field("capacity", "A paid workshop's seats are its opportunity's.")
        if "capacity" in data and data["capacity"] is not None:
            going = selectors.going_count(event)
            if data["capacity"] < going:
                raise ValidationFailed.for_field(
                    "capacity", f"{going} people are going already: the capacity cannot be lower."
                )
        for name in ("title", "description", "type", "capacity"):
            if name in data:
                setattr(event, name, data[name])
        if "category_id" in data:
            event.category = _category_for(data["category_id"])
        for name, value in values.items():
            setattr(event, name, value)
        if moved or place_changed:
            event.sequence += 1
        event.save()
        if moved:
            reminders.reminders_move(event=event, now=now)
        _promote(event, now=now)
    return event


def event_cancel(*, event_id, user, reason: str = "", now: datetime | None = None) -> Event:
    """Cancels the event: reminders stop, and everyone going is told (once)."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        event = _locked(event_id)
        if not selectors.event_visible_to(event, user) or not may_edit(user, event):
            raise EventNotFound()
        if event.is_cancelled:
            raise Conflict("This event is cancelled already.")
        event.status = EventStatus.CANCELLED
        event.cancelled_at = now
        event.cancellation_reason = reason[:500]
        event.sequence += 1
        event.save(update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated_at"])
        reminders.reminders_cancel(event=event)
        going = selectors.going_rsvps(event).select_related("user")
        url = reverse("community:event", args=[event.pk])
        with notifications_batched():
            for rsvp in going:
                notify(
                    user=rsvp.user,
                    type="event_cancelled",
                    title=f"Cancelled: {event.title}",
                    body=reason or "The host cancelled this event.",
                    action_url=url,
                    data={"event_id": event.pk, "starts_at": event.starts_at},
                    dedupe_key=f"event:{event.pk}:cancelled",
                )
        if user.is_staff and event.host_id != user.pk:
            from accounts.services.audit import audit_entry_create

            audit_entry_create(
                actor=user, action="community.event_cancelled", target=event, details={"reason": reason}
            )
    return event


# --- RSVPs -------------------------------------------------------------------------------------


def rsvp_set(
    *, event_id, user, status: str, join_waitlist: bool = False, now: datetime | None = None
) -> EventRSVP:
    """Answers going, interested or not_going. `going` when the event is full: 409 EVENT_FULL,
    or with `join_waitlist` a place on the waitlist. Leaving `going` promotes the first person
    waiting. A paid workshop is joined by enrolling (409 ENROLLMENT_REQUIRED)."""
    now = now or timezone.now()
    with transaction.atomic(), busy_as_error():
        # The lock every change of who is going queues on (see the module's docstring).
        event = _locked(event_id)
        if not selectors.event_visible_to(event, user):
            raise EventNotFound()
        if event.is_cancelled or event.starts_at <= now:
            raise EventClosed()
        rsvp = EventRSVP.objects.filter(event=event, user=user).first()
        if event.opportunity_id is not None:
            _check_paid_answer(event, rsvp, status)
        was_going = rsvp is not None and rsvp.status == RSVPStatus.GOING
        if rsvp is None:
            rsvp = EventRSVP(event=event, user=user)
        if status == RSVPStatus.GOING:
            if was_going:
                return rsvp
            if event.capacity is not None and selectors.going_count(event) >= event.capacity:
                if not join_waitlist:
                    raise EventFull(
                        details={
                            "capacity": event.capacity,
                            "waitlist": True,
                            "rsvp_status": rsvp.status or None,
                        }
                    )
                if rsvp.status != RSVPStatus.WAITLISTED:
                    rsvp.status = RSVPStatus.WAITLISTED
                    rsvp.waitlisted_at = now
                    _save(rsvp)
                return rsvp
            rsvp.status = RSVPStatus.GOING
            _save(rsvp)
            reminders.reminder_plan(event=event, user=user, now=now)
            return rsvp
        rsvp.status = status
        rsvp.waitlisted_at = None
        _save(rsvp)
        if was_going:
            reminders.reminder_cancel(event=event, user=user)
            _promote(event, now=now)
    return rsvp


def _check_paid_answer(event: Event, rsvp: EventRSVP | None, status: str) -> None:
    enroll = reverse("opportunity-enroll", args=[event.opportunity_id])
    details = {"opportunity_id": str(event.opportunity_id), "enroll_url": enroll}
    if status == RSVPStatus.GOING:
        raise EnrollmentRequired(
            "This workshop is joined by enrolling in it: POST /api/v1/opportunities/"
            f"{event.opportunity_id}/enroll. Your confirmed enrollment counts as going.",
            details=details,
        )
    if rsvp is not None and rsvp.status == RSVPStatus.GOING and selectors.rsvp_is_going(rsvp):
        raise EnrollmentRequired(
            "You are going through your enrollment: cancel the enrollment to leave this workshop.",
            details=details,
        )


def _save(rsvp: EventRSVP) -> None:
    try:
        # A savepoint: an RSVP racing in for the same person (a double click) fails here alone.
        with transaction.atomic():
            rsvp.save()
    except IntegrityError:
        raise Conflict("Your answer is being saved by another request. Please try again.") from None


def _promote(event: Event, *, now: datetime) -> list[EventRSVP]:
    """Waiting people take the free places, first come first served, each told once. Runs
    under the event's lock, so two drop-outs at once promote two people, never the same one."""
    if (
        event.capacity is None
        and not EventRSVP.objects.filter(event=event, status=RSVPStatus.WAITLISTED).exists()
    ):
        return []
    free = None if event.capacity is None else event.capacity - selectors.going_count(event)
    waiting = EventRSVP.objects.filter(event=event, status=RSVPStatus.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    if free is not None:
        waiting = waiting[: max(free, 0)]
    promoted = list(waiting.select_related("user"))
    url = reverse("community:event", args=[event.pk])
    for rsvp in promoted:
        stamp = int(rsvp.waitlisted_at.timestamp()) if rsvp.waitlisted_at else 0
        rsvp.status = RSVPStatus.GOING
        rsvp.promoted_at = now
        rsvp.save(update_fields=["status", "promoted_at", "updated_at"])
        reminders.reminder_plan(event=event, user=rsvp.user, now=now)
        notify(
            user=rsvp.user,
            type="event_waitlist_promoted",
            title=f"You're going: {event.title}",
            body="A place opened up and it is yours. If you can't come after all, change your answer "
            "so the next person gets it.",
            action_url=url,
            data={"event_id": event.pk, "starts_at": event.starts_at},
            # One notice per wait: promoted twice from the same place in line is told once.
            dedupe_key=f"event:{event.pk}:promoted:{rsvp.user_id}:{stamp}",
        )
    return promoted


# --- paid workshops: enrollments are the RSVPs --------------------------------------------------


def _attend_by_enrollment(event: Event, enrollment: Enrollment, *, now: datetime) -> None:
    rsvp, _ = EventRSVP.objects.update_or_create(
        event=event,
        user=enrollment.user,
        defaults={"status": RSVPStatus.GOING, "enrollment": enrollment, "waitlisted_at": None},
    )
    if event.starts_at > now:
        reminders.reminder_plan(event=event, user=enrollment.user, now=now)


def enrollment_confirmed(*, enrollment: Enrollment, now: datetime | None = None) -> int:
    """learning confirmed an enrollment (inside its transaction): going to every scheduled
    event of that workshop. Returns how many events."""
    now = now or timezone.now()
    ids = list(
        Event.objects.filter(
            opportunity_id=enrollment.opportunity_id, status=EventStatus.SCHEDULED, ends_at__gt=now
        ).values_list("pk", flat=True)
    )
    for event_id in ids:
        event = Event.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
        if event is not None:
            _attend_by_enrollment(event, enrollment, now=now)
    return len(ids)
