"""One command understood: intent, mentor, dates and times, the words of a message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from assistant.recognise import intents
from assistant.recognise.names import MentorName, find_mentor
from assistant.recognise.when import read_when

# What stands between a name and the message's words: "tell Dana [that] ...", "send Omar
# [a message saying] ...", "let Ken [know] ...".
_LEAD = re.compile(
    r"^(?:\s|[,:;.\-—]|\bthat\b|\bsaying\b|\bto say\b|\bknow\b|\ba (?:quick )?(?:message|note|line|text)\b"
    r"|\bmessage\b|\bif\b)+",
    re.IGNORECASE,
)
_MY_MENTOR = re.compile(r"\b(?:my|the) (?:mentor|tutor|teacher|coach)\b", re.IGNORECASE)
# One of the user's own bookings, then "to <when>" or "instead": the booking gets a new time.
_MY_BOOKING = re.compile(
    r"\bmy (?:\w+ )?(?:session|lesson|meeting|appointment|class|call|booking)\b(?P<rest>.*)", re.IGNORECASE
)
_NEW_TIME = re.compile(r"\bto (?P<target>.+)|\binstead\b", re.IGNORECASE)


@dataclass
class Heard:
    text: str
    intent: str
    confidence: float
    mentors: list[MentorName] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    time: time | None = None
    window: str | None = None
    period: tuple[date, date] | None = None
    next_session: bool = False
    weekdays: list[int] = field(default_factory=list)
    body: str = ""

    @property
    def mentor(self) -> MentorName | None:
        return self.mentors[0] if len(self.mentors) == 1 else None


def message_body(text: str, span: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """The words to send and where they start, from what follows the mentor's name."""
    if span is None:
        mine = _MY_MENTOR.search(text)
        if not mine:
            return "", None
        span = (mine.start(), mine.end())
    rest = text[span[1] :]
    lead = _LEAD.match(rest)
    start = span[1] + (lead.end() if lead else 0)
    body = text[start:].strip().rstrip(".")
    if not body:
        return "", None
    return body[0].upper() + body[1:], (start, len(text))


def understand(text: str, *, now: datetime, zone: ZoneInfo, mentors: list[MentorName]) -> Heard:
    text = " ".join(text.split())
    names = find_mentor(text, mentors)
    # The examples call every mentor "Sam": a name must not pull a command towards an intent.
    masked = text if names.span is None else text[: names.span[0]] + "Sam" + text[names.span[1] :]
    intent, confidence = intents.classify(masked)
    if intent in ("schedule_session", "cancel_booking") and _gives_a_booking_a_new_time(masked, now, zone):
        intent = "reschedule_booking"
    heard = Heard(text=text, intent=intent, confidence=confidence, mentors=names.mentors)
    skip = None
    if intent == "send_message":
        heard.body, skip = message_body(text, names.span)
    when = read_when(text, now=now, zone=zone, skip=skip)
    heard.dates, heard.time, heard.window = when.dates, when.time, when.window
    heard.period, heard.next_session, heard.weekdays = when.period, when.next_session, when.weekdays
    return heard


def _gives_a_booking_a_new_time(text: str, now: datetime, zone: ZoneInfo) -> bool:
    """ "Let's do my session with Sam on Sunday instead", "cancel my lesson with Sam to Thursday"
    (a misheard "reschedule"): a booking the user already has, given a new day or time, is moved,
    whichever verb came before. A new booking is "a session", and a cancellation names no new time."""
    mine = _MY_BOOKING.search(text)
    if not mine:
        return False
    new = _NEW_TIME.search(mine.group("rest"))
    if not new:
        return False
    if new.group("target") is None:  # "instead"
        return True
    when = read_when(new.group("target"), now=now, zone=zone)
    return bool(when.dates or when.time or when.window or when.weekdays)
