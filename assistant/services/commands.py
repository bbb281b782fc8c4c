"""A voice command, start to end (API.md §8): audio or text -> transcription -> intent and
slots -> an action through the bookings, messaging and notification services with the user's
own permissions -> a reply in words and in speech.

Anything destructive or paid (cancel, reschedule, every booking) is first said back with what
will happen, and kept in the agent's `pending` until the user says yes or no. A name that fits
two mentors asks "Dana Fischer or Dana Lee?" and keeps the command for the answer. Everything
the agent does or is refused is logged (assistant.models.AgentAction).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts import speech
from assistant import errors, hearing, planning, selectors
from assistant.models import ActionType, Agent
from assistant.recognise import Heard, MentorName, understand
from assistant.recognise.names import find_mentor, pick_option
from assistant.services import talk
from assistant.services.agents import action_log
from bookings import errors as booking_errors
from bookings import policy
from bookings import services as booking_services
from bookings.models import Booking, BookingStatus, PaymentMethod
from bookings.services._common import price_for
from core.errors import DomainError, ValidationFailed
from core.timezones import user_zone
from mentors.errors import MentorProfileNotFound, SlotNotAvailable
from mentors.models import MentorProfile
from messaging.services import message_send, notify

logger = logging.getLogger(__name__)

# A question left open longer than this is forgotten: an old "yes" must not book anything.
PENDING_MINUTES = 10
_CREDITS = re.compile(r"\bcredits?\b", re.IGNORECASE)


@dataclass
class Reply:
    transcription: str
    intent: str
    text: str
    action: dict[str, Any] | None = None
    confirmation: dict[str, Any] | None = None
    audio_url: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Outcome:
    text: str
    action: dict[str, Any] | None = None
    pending: dict[str, Any] | None = None


class _Context:
    def __init__(self, *, agent: Agent, now: datetime):
        self.agent = agent
        self.user = agent.user
        self.now = now
        self.zone = user_zone(agent.user)
        self._known: list[MentorName] | None = None
        self._all: list[MentorName] | None = None

    def known(self) -> list[MentorName]:
        if self._known is None:
            self._known = selectors.mentors_known(user=self.user)
        return self._known

    def everyone(self) -> list[MentorName]:
        if self._all is None:
            self._all = selectors.mentors_all(exclude={m.id for m in self.known()})
        return self._all

    def hear(self, text: str, mentors: list[MentorName] | None = None) -> Heard:
        """The mentors the user knows are tried first; all approved mentors only when none of
        them fits the name heard."""
        if mentors is not None:
            return understand(text, now=self.now, zone=self.zone, mentors=mentors)
        heard = understand(text, now=self.now, zone=self.zone, mentors=self.known())
        if not heard.mentors and find_mentor(text, self.everyone()).mentors:
            heard = understand(text, now=self.now, zone=self.zone, mentors=self.known() + self.everyone())
        return heard

    def names_to_hear(self) -> list[str]:
        """The mentors the user knows, then others while few: the words the recogniser expects."""
        names = [m.name for m in self.known()]
        if len(names) < hearing.MAX_NAMES:
            names += [m.name for m in self.everyone()[: hearing.MAX_NAMES - len(names)]]
        return names

    def items(self) -> int:
        return talk.LIST_LENGTH.get(self.agent.verbosity, 3)


# --- the entry point --------------------------------------------------------------------------


def voice_command(*, user, text: str | None = None, audio=None, now: datetime | None = None) -> Reply:
    """Bad audio (too large, not audio, silence) raises AudioRejected (400) before anything is
    read or written."""
    agent = selectors.agent_get(user=user)
    if not agent.is_enabled:
        raise errors.AgentDisabled()
    context = _Context(agent=agent, now=now or timezone.now())
    if audio is not None:
        recording = speech.read_audio(audio)
        transcription = hearing.transcribe_command(recording, names=context.names_to_hear())
        if not transcription:
            raise speech.AudioRejected(
                speech.AudioRejected.SILENT, "No words could be heard in the recording."
            )
    else:
        transcription = " ".join((text or "").split())
        if not transcription:
            raise ValidationFailed.for_field("text", "Say or type a command.")
    heard, outcome = _answer(context, transcription)
    _keep_pending(agent, outcome.pending, now=context.now)
    action_log(
        agent=agent,
        action_type=ActionType.VOICE_COMMAND,
        details={
            "transcription": transcription,
            "intent": heard.intent,
            "response_text": outcome.text,
            "via": "audio" if audio is not None else "text",
        },
    )
    reply = Reply(
        transcription=transcription,
        intent=heard.intent,
        text=outcome.text,
        action=outcome.action,
        confirmation={"question": outcome.text, "action": outcome.pending["action"]["op"]}
        if outcome.pending and outcome.pending["kind"] == "confirm"
        else None,
        slots=_slots(heard),
    )
    reply.audio_url = spoken_url(agent, outcome.text)
    return reply


def spoken_url(agent: Agent, text: str) -> str | None:
    """The reply as speech, private to the user; a reply still goes out in words if espeak-ng
    fails."""
    try:
        return speech.speak(text, owner=agent.user, voice=agent.voice_id or None).url
    except DomainError:
        logger.warning("The assistant's reply could not be spoken", exc_info=True)
        return None


def pending_question(agent: Agent, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The open confirmation, for the page's two buttons."""
    now = now or timezone.now()
    if not agent.pending or (agent.pending_until and agent.pending_until < now):
        return None
    if agent.pending.get("kind") != "confirm":
        return None
    return {"question": agent.pending["question"], "action": agent.pending["action"]["op"]}


def _slots(heard: Heard) -> dict[str, Any]:
    return {
        "mentors": [m.name for m in heard.mentors],
        "dates": [d.isoformat() for d in heard.dates],
        "time": heard.time.strftime("%H:%M") if heard.time else None,
        "window": heard.window,
        "message": heard.body or None,
    }


def _keep_pending(agent: Agent, pending: dict[str, Any] | None, *, now: datetime) -> None:
    agent.pending = pending
    agent.pending_until = now + timedelta(minutes=PENDING_MINUTES) if pending else None
    agent.save(update_fields=["pending", "pending_until", "updated_at"])


def _open_pending(context: _Context) -> dict[str, Any] | None:
    agent = context.agent
    if not agent.pending or agent.pending_until is None or agent.pending_until < context.now:
        return None
    return agent.pending


def _answer(context: _Context, transcription: str) -> tuple[Heard, _Outcome]:
    pending = _open_pending(context)
    if pending and pending["kind"] == "clarify":
        resolved = _follow_up(context, pending, transcription)
        if resolved is not None:
            return resolved
    heard = context.hear(transcription)
    if heard.intent in ("confirm", "deny"):
        if not pending or pending["kind"] != "confirm":
            if pending and heard.intent == "deny":
                return heard, _Outcome("All right, I have dropped it.")
            return heard, _Outcome("There is nothing waiting for a yes or no.")
        if heard.intent == "deny":
            return heard, _Outcome("All right, I have not done it.")
        return heard, _execute(context, pending["action"])
    handler = _HANDLERS.get(heard.intent, _unknown)
    return heard, handler(context, heard)


def _follow_up(context: _Context, pending: dict[str, Any], answer: str) -> tuple[Heard, _Outcome] | None:
    """The answer to a clarifying question: the command is heard again with what was missing."""
    original = pending["text"]
    asked = pending["asked"]
    if asked == "mentor":
        options = [MentorName(id=o["id"], name=o["name"], known=True) for o in pending.get("options", [])]
        if options:
            chosen = pick_option(answer, options)
        else:
            found = find_mentor(answer, context.known() + context.everyone()).mentors
            chosen = found[0] if len(found) == 1 else None
        if chosen is None:
            return None
        text = original if options else f"{original} with {chosen.name}"
        heard = context.hear(text, mentors=[chosen])
        heard.intent = pending["intent"]
    elif asked == "body":
        heard = context.hear(original)
        heard.intent = pending["intent"]
        heard.body = answer.strip()
    elif asked == "when":
        heard = context.hear(f"{original} to {answer}")
        heard.intent = pending["intent"]
        if not (heard.dates or heard.time or heard.window):
            return None
    else:
        return None
    return heard, _HANDLERS[heard.intent](context, heard)


def _clarify(heard: Heard, *, asked: str, question: str, options: list[MentorName] = ()) -> _Outcome:
    return _Outcome(
        question,
        pending={
            "kind": "clarify",
            "intent": heard.intent,
            "text": heard.text,
            "asked": asked,
            "options": [{"id": str(o.id), "name": o.name} for o in options],
        },
    )


def _which_mentor(heard: Heard, question: str) -> _Outcome | None:
    if len(heard.mentors) > 1:
        names = [m.name for m in heard.mentors[:3]]
        return _clarify(
            heard,
            asked="mentor",
            question=", ".join(names[:-1]) + f" or {names[-1]}?",
            options=heard.mentors[:3],
        )
    if not heard.mentors:
        return _clarify(heard, asked="mentor", question=question)
    return None


def _confirm(question: str, action: dict[str, Any]) -> _Outcome:
    return _Outcome(question, pending={"kind": "confirm", "question": question, "action": action})


def _failed(context: _Context, action_type: str, error: DomainError, details: dict[str, Any]) -> _Outcome:
    action_log(agent=context.agent, action_type=action_type, details=details, error=error)
    return _Outcome(
        f"I could not do that: {error.message}",
        action={"type": action_type, "success": False, "error": error.code, **_ids(details)},
    )


def _ids(details: dict[str, Any]) -> dict[str, Any]:
    return {key: details[key] for key in ("booking_id", "message_id") if key in details}


# --- booking ------------------------------------------------------------------------------------


def _schedule(context: _Context, heard: Heard) -> _Outcome:
    asked = _which_mentor(heard, "Which mentor would you like a session with?")
    if asked is not None:
        return asked
    mentor_name = heard.mentor
    details = {"mentor_id": str(mentor_name.id), "mentor": mentor_name.name, "request": heard.text}
    mentor = (
        MentorProfile.objects.bookable().select_related("user", "schedule").filter(pk=mentor_name.id).first()
    )
    if mentor is None:
        return _failed(context, ActionType.SCHEDULED_BOOKING, MentorProfileNotFound(), details)
    slot = planning.earliest_slot(
        mentor=mentor,
        zone=context.zone,
        now=context.now,
        days=heard.dates[:1] or _period_days(heard.period),
        weekdays=heard.weekdays if not heard.dates else (),
        window=heard.window,
        at=heard.time,
    )
    if slot is None:
        window = f"in the {heard.window}" if heard.window else ""
        when = " ".join(filter(None, [_said_days(heard, context), window])) or "soon"
        return _failed(
            context,
            ActionType.SCHEDULED_BOOKING,
            SlotNotAvailable(f"{mentor.user.display_name} has no free time {when}."),
            details,
        )
    method = PaymentMethod.CREDITS if _CREDITS.search(heard.text) else PaymentMethod.CARD
    price, currency, credits = price_for(mentor=mentor, service=None, duration_minutes=slot.duration_minutes)
    if price is not None and price == 0:
        method = PaymentMethod.FREE
    question = (
        f"Shall I book {mentor.user.display_name} on {talk.say_time(slot.start_at, context.zone)} "
        f"for {slot.duration_minutes} minutes? "
        + talk.payment_words(method, credits=credits, price=price, currency=currency, user=context.user)
    )
    return _confirm(
        question,
        {
            "op": "book",
            "mentor_id": str(mentor.pk),
            "mentor": mentor.user.display_name,
            "start_at": slot.start_at.isoformat(),
            "duration_minutes": slot.duration_minutes,
            "payment_method": method,
        },
    )


def _period_days(period: tuple[date, date] | None) -> list[date]:
    """Every day of a period said ("next week", "this weekend"), first to last."""
    if period is None:
        return []
    first, last = period
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _said_days(heard: Heard, context: _Context) -> str:
    if heard.dates:
        day = heard.dates[0]
        return f"on {day:%A} {day.day} {day:%B}"
    if heard.period:
        first, last = heard.period
        return f"between {first:%A} {first.day} {first:%B} and {last:%A} {last.day} {last:%B}"
    return ""


def _target_booking(context: _Context, heard: Heard, *, day=None) -> Booking | None:
    """The booking a command points at: "my next session", "my session with Dana", "Tuesday's
    lesson"; only the user's own live bookings are candidates."""
    mentor_id = heard.mentor.id if heard.mentor else None
    bookings = selectors.upcoming_bookings(
        user=context.user, now=context.now, mentor_id=mentor_id, day=day, zone=context.zone
    )
    if heard.time is not None and day is not None:
        timed = [b for b in bookings if b.start_at.astimezone(context.zone).time() == heard.time]
        bookings = timed or bookings
    bookings = [b for b in bookings if b.start_at > context.now]
    return bookings[0] if bookings else None


def _no_booking(heard: Heard) -> _Outcome:
    who = f" with {heard.mentor.name}" if heard.mentor else ""
    return _Outcome(f"I found no upcoming session{who} to change.")


def _cancel(context: _Context, heard: Heard) -> _Outcome:
    if len(heard.mentors) > 1:
        return _which_mentor(heard, "")
    booking = _target_booking(context, heard, day=heard.dates[0] if heard.dates else None)
    if booking is None or not policy.may_cancel(booking):
        return _no_booking(heard)
    by = booking.party_of(context.user)
    refund = policy.cancellation_policy(booking, by=by, now=context.now)
    question = (
        f"Cancel your session on {talk.session_line(booking, user=context.user, zone=context.zone)}? "
        + talk.refund_words(booking, policy=refund, user=context.user)
    )
    return _confirm(question, {"op": "cancel", "booking_id": str(booking.pk)})


def _reschedule(context: _Context, heard: Heard) -> _Outcome:
    if len(heard.mentors) > 1:
        return _which_mentor(heard, "")
    old_day = heard.dates[0] if len(heard.dates) > 1 else None
    new_day = heard.dates[-1] if heard.dates else None
    booking = _target_booking(context, heard, day=old_day)
    if booking is None:
        return _no_booking(heard)
    if new_day is None and heard.time is None and heard.window is None:
        return _clarify(heard, asked="when", question="When would you like to move it to?")
    if not policy.may_reschedule(booking, by=booking.party_of(context.user), now=context.now):
        error = booking_errors.IllegalTransition(
            "It is too late to move this session; you can still cancel it."
        )
        return _failed(context, ActionType.CALENDAR_UPDATE, error, {"booking_id": str(booking.pk)})
    day = new_day or booking.start_at.astimezone(context.zone).date()
    slot = planning.earliest_slot(
        mentor=booking.mentor,
        zone=context.zone,
        now=context.now,
        days=[day],
        window=heard.window,
        at=heard.time,
        duration_minutes=booking.duration_minutes,
    )
    if slot is None:
        return _failed(
            context,
            ActionType.CALENDAR_UPDATE,
            SlotNotAvailable(f"{booking.mentor.user.display_name} has no free time then."),
            {"booking_id": str(booking.pk)},
        )
    question = (
        f"Move your session with {talk.other_party(booking, context.user)} from "
        f"{talk.say_time(booking.start_at, context.zone)} to {talk.say_time(slot.start_at, context.zone)}? "
        "What you paid stays the same."
    )
    return _confirm(
        question,
        {"op": "reschedule", "booking_id": str(booking.pk), "new_start_at": slot.start_at.isoformat()},
    )


# --- messages, notifications, the schedule ----------------------------------------------------------


def _send_message(context: _Context, heard: Heard) -> _Outcome:
    if not heard.mentors and re.search(r"\b(my|the) (mentor|tutor|teacher|coach)\b", heard.text, re.I):
        upcoming = selectors.upcoming_bookings(user=context.user, now=context.now, zone=context.zone)
        mine = [b for b in upcoming if b.learner_id == context.user.pk]
        if mine:
            heard.mentors = [
                MentorName(id=mine[0].mentor_id, name=mine[0].mentor.user.display_name, known=True)
            ]
    asked = _which_mentor(heard, "Who should I send it to?")
    if asked is not None:
        return asked
    if not heard.body:
        return _clarify(heard, asked="body", question=f"What should I tell {heard.mentor.name}?")
    recipient_id, name = selectors.mentor_user_id(mentor_id=heard.mentor.id)
    details = {"recipient": name, "text": heard.body}
    try:
        message = message_send(
            sender=context.user, recipient_id=recipient_id, text=heard.body, ai_generated=True
        )
    except DomainError as error:
        return _failed(context, ActionType.SENT_MESSAGE, error, details)
    details["message_id"] = str(message.pk)
    action_log(agent=context.agent, action_type=ActionType.SENT_MESSAGE, details=details)
    return _Outcome(
        f"I sent {name}: {heard.body}",
        action={"type": ActionType.SENT_MESSAGE, "success": True, "message_id": str(message.pk)},
    )


def _read_messages(context: _Context, heard: Heard) -> _Outcome:
    sender_id = selectors.mentor_user_id(mentor_id=heard.mentor.id)[0] if heard.mentor else None
    unread, total = selectors.unread_messages(user=context.user, sender_id=sender_id, limit=context.items())
    if unread:
        lines = [f"{m.sender.display_name} wrote: {m.text or 'a file'}" for m in unread]
        head = f"You have {total} unread message{'s' if total != 1 else ''}."
        return _Outcome(" ".join([head, *(line.rstrip(".") + "." for line in lines)]))
    recent = selectors.recent_messages(user=context.user, sender_id=sender_id, limit=context.items())
    if not recent:
        return _Outcome("You have no messages.")
    lines = [f"{m.sender.display_name} wrote: {m.text or 'a file'}" for m in recent]
    return _Outcome(
        " ".join(["No unread messages. The latest:", *(line.rstrip(".") + "." for line in lines)])
    )


def _read_notifications(context: _Context, heard: Heard) -> _Outcome:
    unread, total = selectors.unread_notifications(user=context.user, limit=context.items())
    if not unread:
        return _Outcome("You have no new notifications.")
    lines = [(n.title + (f": {n.body}" if n.body else "")).rstrip(".") + "." for n in unread]
    return _Outcome(" ".join([f"You have {total} new notification{'s' if total != 1 else ''}.", *lines]))


def _check_schedule(context: _Context, heard: Heard) -> _Outcome:
    if heard.period:
        first, last = heard.period
        words = "in that week"
        if re.search(r"\bthis week\b", heard.text, re.I):
            words = "this week"
        elif re.search(r"\bnext week\b", heard.text, re.I):
            words = "next week"
    elif heard.dates:
        first = last = heard.dates[0]
        words = f"on {first:%A} {first.day} {first:%B}"
    else:
        first = last = None
        words = "coming up"
    mentor_id = heard.mentor.id if heard.mentor else None
    bookings = selectors.upcoming_bookings(
        user=context.user, now=context.now, mentor_id=mentor_id, day=first, until=last, zone=context.zone
    )
    if heard.window:
        bookings = [
            b for b in bookings if planning.in_window_time(b.start_at, zone=context.zone, window=heard.window)
        ]
    if not bookings:
        return _Outcome(f"You have no sessions {words}.")
    if heard.next_session or (first is None and not heard.mentor and "next" in heard.text.lower()):
        return _Outcome(
            f"Your next session is {talk.session_line(bookings[0], user=context.user, zone=context.zone)}."
        )
    count = len(bookings)
    shown = bookings[: max(context.items(), 3)]
    lines = "; ".join(talk.session_line(b, user=context.user, zone=context.zone) for b in shown)
    return _Outcome(f"You have {count} session{'s' if count != 1 else ''} {words}: {lines}.")


def _unknown(context: _Context, heard: Heard) -> _Outcome:
    return _Outcome(
        "Sorry, I did not understand. I can book, move or cancel sessions, read your schedule, "
        "read your messages and notifications, and send a message to a mentor."
    )


_HANDLERS = {
    "schedule_session": _schedule,
    "reschedule_booking": _reschedule,
    "cancel_booking": _cancel,
    "send_message": _send_message,
    "read_messages": _read_messages,
    "read_notifications": _read_notifications,
    "check_schedule": _check_schedule,
    "unknown": _unknown,
}


# --- carrying out what was confirmed ---------------------------------------------------------------


def _execute(context: _Context, action: dict[str, Any]) -> _Outcome:
    op = action["op"]
    if op == "book":
        return _book(context, action)
    if op == "cancel":
        return _do_cancel(context, action)
    return _do_reschedule(context, action)


def _book(context: _Context, action: dict[str, Any]) -> _Outcome:
    details = {key: action[key] for key in ("mentor_id", "mentor", "start_at", "payment_method")}
    try:
        booking, _payment = booking_services.booking_create(
            learner=context.user,
            mentor_id=action["mentor_id"],
            start_at=datetime.fromisoformat(action["start_at"]),
            duration_minutes=action["duration_minutes"],
            timezone_name=context.user.timezone,
            payment_method=action["payment_method"],
            # The agent never charges a card: no card is passed, so the payment waits for the user.
            card=None,
            now=context.now,
        )
    except DomainError as error:
        return _failed(context, ActionType.SCHEDULED_BOOKING, error, details)
    return booked(context.agent, booking, details=details, zone=context.zone)


def booked(agent: Agent, booking: Booking, *, details: dict[str, Any], zone) -> _Outcome:
    """Log a booking the agent made; a card booking waits for payment and the user is told."""
    details = {**details, "booking_id": str(booking.pk), "status": booking.status}
    action_log(agent=agent, action_type=ActionType.SCHEDULED_BOOKING, details=details)
    when = talk.say_time(booking.start_at, zone)
    text = f"Booked: {booking.mentor.user.display_name} on {when}."
    if booking.status == BookingStatus.PENDING_PAYMENT:
        notify(
            user=agent.user,
            type="booking_requested",
            title=f"Your session with {booking.mentor.user.display_name} waits for your payment",
            body=f"Your assistant booked {when}. Pay by card to keep the time.",
            action_url=reverse("bookings:detail", args=[booking.pk]),
            data={"booking_id": str(booking.pk), "by": "assistant"},
        )
        text += " It waits for your card payment: I sent you a notification with the link to pay."
    return _Outcome(
        text, action={"type": ActionType.SCHEDULED_BOOKING, "success": True, "booking_id": str(booking.pk)}
    )


def _do_cancel(context: _Context, action: dict[str, Any]) -> _Outcome:
    details = {"booking_id": action["booking_id"]}
    try:
        booking, refund = booking_services.booking_cancel(
            booking_id=action["booking_id"], user=context.user, reason="Cancelled by voice", now=context.now
        )
    except DomainError as error:
        return _failed(context, ActionType.CANCELLED_BOOKING, error, details)
    details["refund_policy"] = booking.refund_policy
    action_log(agent=context.agent, action_type=ActionType.CANCELLED_BOOKING, details=details)
    words = "You get a full refund." if booking.refund_policy == "full" and booking.paid_at else ""
    if booking.refund_policy != "full" and booking.paid_at:
        words = "There is no refund."
    return _Outcome(
        f"Cancelled your session on {talk.session_line(booking, user=context.user, zone=context.zone)}. {words}".strip(),
        action={"type": ActionType.CANCELLED_BOOKING, "success": True, "booking_id": str(booking.pk)},
    )


def _do_reschedule(context: _Context, action: dict[str, Any]) -> _Outcome:
    details = {"booking_id": action["booking_id"], "new_start_at": action["new_start_at"]}
    try:
        booking = booking_services.booking_reschedule(
            booking_id=action["booking_id"],
            user=context.user,
            new_start_at=datetime.fromisoformat(action["new_start_at"]),
            reason="Moved by voice",
            now=context.now,
        )
    except DomainError as error:
        return _failed(context, ActionType.CALENDAR_UPDATE, error, details)
    action_log(agent=context.agent, action_type=ActionType.CALENDAR_UPDATE, details=details)
    return _Outcome(
        f"Moved: your session is now on {talk.session_line(booking, user=context.user, zone=context.zone)}.",
        action={"type": ActionType.CALENDAR_UPDATE, "success": True, "booking_id": str(booking.pk)},
    )
