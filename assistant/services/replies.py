"""Auto-replies (API.md §8, POST /agents/me/respond-message): a reply drafted from the message's
words and the user's calendar; sent (flagged ai_generated) only when the agent may answer for
the user and the caller asked it to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from assistant import errors, selectors
from assistant.models import ActionType
from assistant.services import talk
from assistant.services.agents import action_log
from core.errors import DomainError
from core.timezones import user_zone
from mentors.models import MentorProfile
from mentors.selectors.slots import slots_for_mentor
from messaging.models import Message
from messaging.services import message_send

# A message that asks about time gets free times proposed.
_ASKS_TIME = re.compile(
    r"\b(when|what time|available|availability|free|meet|schedule|reschedule|slot|call)\b", re.I
)
_THANKS = re.compile(r"\b(thanks|thank you|cheers)\b", re.I)
_PROPOSALS = 3
# The hours proposed to someone who is not a mentor (the user's own free time).
_PLAIN_HOURS = (time(10), time(14), time(17))


@dataclass
class Drafted:
    draft_text: str
    message: Message | None


def _free_times(*, user, sender, now: datetime, zone) -> list[datetime]:
    """Times the user is free: the sender's open slots when the sender is a mentor, else a few
    hours of the next days; the user's own sessions are left out."""
    busy = [(b.start_at, b.end_at) for b in selectors.upcoming_bookings(user=user, now=now, zone=zone)]

    def free(start: datetime, end: datetime) -> bool:
        return all(end <= b_start or start >= b_end for b_start, b_end in busy)

    mentor = MentorProfile.objects.bookable().select_related("schedule").filter(user=sender).first()
    found: list[datetime] = []
    if mentor is not None:
        for slot in slots_for_mentor(mentor=mentor, start=now, end=now + timedelta(days=14), now=now):
            if free(slot.start_at, slot.end_at) and all(slot.start_at.date() != f.date() for f in found):
                found.append(slot.start_at)
            if len(found) == _PROPOSALS:
                break
        return found
    day = now.astimezone(zone).date() + timedelta(days=1)
    while len(found) < _PROPOSALS:
        if day.weekday() < 5:
            for hour in _PLAIN_HOURS:
                start = datetime.combine(day, hour, tzinfo=zone)
                if free(start, start + timedelta(hours=1)):
                    found.append(start)
                    break
        day += timedelta(days=1)
    return found


def draft_reply(*, user, message: Message, now: datetime) -> str:
    zone = user_zone(user)
    name = message.sender.first_name or message.sender.display_name.split()[0]
    text = message.text or ""
    if _ASKS_TIME.search(text):
        times = _free_times(user=user, sender=message.sender, now=now, zone=zone)
        if times:
            said = "; ".join(talk.say_time(t, zone) for t in times)
            return f"Hi {name}, I could meet {said}. Which suits you best?"
        return f"Hi {name}, my calendar is full for the next two weeks; could you suggest a time?"
    if _THANKS.search(text):
        return f"Thank you, {name}! Talk soon."
    upcoming = selectors.upcoming_bookings(user=user, now=now, zone=zone)
    shared = [b for b in upcoming if message.sender_id in (b.learner_id, b.mentor.user_id)]
    if shared:
        return (
            f"Hi {name}, thanks for your message. See you on {talk.say_time(shared[0].start_at, zone)}; "
            "I'll reply properly soon."
        )
    return f"Hi {name}, thanks for your message. I'll get back to you soon."


def respond_message(*, user, message_id, auto_respond: bool, now: datetime | None = None) -> Drafted:
    now = now or timezone.now()
    agent = selectors.agent_get(user=user)
    if not agent.is_enabled:
        raise errors.AgentDisabled()
    details: dict = {"message_id": str(message_id)}
    try:
        message = selectors.received_message_get(user=user, message_id=message_id)
    except DomainError as error:
        action_log(agent=agent, action_type=ActionType.DRAFTED_MESSAGE, details=details, error=error)
        raise
    draft = draft_reply(user=user, message=message, now=now)
    details.update(reply_to=str(message.pk), text=draft)
    if not (auto_respond and agent.auto_respond_messages):
        action_log(agent=agent, action_type=ActionType.DRAFTED_MESSAGE, details=details)
        return Drafted(draft_text=draft, message=None)
    try:
        sent = message_send(
            sender=user, conversation_id=message.conversation_id, text=draft, ai_generated=True
        )
    except DomainError as error:
        action_log(agent=agent, action_type=ActionType.SENT_MESSAGE, details=details, error=error)
        raise
    details["message_id"] = str(sent.pk)
    action_log(agent=agent, action_type=ActionType.SENT_MESSAGE, details=details)
    return Drafted(draft_text=draft, message=sent)
