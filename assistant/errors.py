"""Errors of the assistant, each with a stable code of API.md §0."""

from core.errors import Conflict, Forbidden, NotFound
from mentors.errors import SlotNotAvailable


class AgentNotFound(NotFound):
    default_message = "You have no assistant yet: create one with POST /agents/me."


class AgentExists(Conflict):
    default_message = "You already have an assistant."


class AgentDisabled(Forbidden):
    default_message = "Your assistant is switched off: turn it on in its settings."


class AutoScheduleOff(Forbidden):
    default_message = "Turn on auto-scheduling in your assistant's settings first."


class NoTimeInWindow(SlotNotAvailable):
    default_message = "The mentor has no free time on those days in that part of the day."
