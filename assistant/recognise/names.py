"""Mentor names in a command, matched fuzzily (rapidfuzz) against the mentors the caller
passes: the ones the user knows (booked, favourited, messaged) are tried first, so "Dana" is the
Dana you had a session with; all approved mentors come after. Speech recognition spells names
its own way ("Dana Fisher"), which is why the match is fuzzy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

# Words of commands that are never a name, however close a short name is to them.
_NOT_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "me",
        "i",
        "i'm",
        "i'll",
        "to",
        "with",
        "for",
        "on",
        "at",
        "in",
        "of",
        "and",
        "or",
        "but",
        "that",
        "this",
        "next",
        "last",
        "my",
        "mentor",
        "tutor",
        "teacher",
        "session",
        "sessions",
        "lesson",
        "lessons",
        "booking",
        "bookings",
        "appointment",
        "meeting",
        "call",
        "class",
        "book",
        "schedule",
        "cancel",
        "move",
        "tell",
        "send",
        "message",
        "ask",
        "let",
        "know",
        "say",
        "write",
        "text",
        "reply",
        "read",
        "check",
        "please",
        "can",
        "could",
        "would",
        "you",
        "your",
        "is",
        "are",
        "am",
        "be",
        "will",
        "was",
        "it",
        "its",
        "from",
        "about",
        "yes",
        "no",
        "ok",
        "okay",
        "sure",
        "today",
        "tomorrow",
        "week",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "tonight",
        "noon",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "new",
        "any",
        "what",
        "when",
        "who",
        "how",
        "do",
        "did",
        "have",
        "has",
        "an",
        "up",
        "off",
        "out",
    ]
)
_WORD = re.compile(r"[\w'’-]+")
# A match below this (0-100) is not that name.
THRESHOLD = 82


@dataclass(frozen=True)
class MentorName:
    id: Any
    name: str
    known: bool = False


@dataclass
class NameMatch:
    mentors: list[MentorName]
    span: tuple[int, int] | None
    score: float


# What hearing each form of a name adds to its match: a full name heard is the surest; learners
# call their mentors by first name ("book Sofia"), so a surname heard alone is the weaker cue.
# "Sofia Nair" (Sofia Marin misheard) is then Sofia, not Priya Nair; two mentors who share a
# first name still tie, and the assistant asks which.
_FULL_NAME_BONUS = 10
_SURNAME_ALONE = -3


def _variants(name: str) -> list[tuple[str, int]]:
    """(variant, what hearing it adds to the match)."""
    parts = name.lower().split()
    if len(parts) == 1:
        return [(parts[0], 0)]
    return [(" ".join(parts), _FULL_NAME_BONUS), (parts[0], 0), (parts[-1], _SURNAME_ALONE)]


def find_mentor(text: str, mentors: list[MentorName]) -> NameMatch:
    """The mentors the text names (one: resolved; several equally good: ask which), and where."""
    words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    windows: list[tuple[str, int, int, int]] = []
    for size in (1, 2, 3):
        for i in range(len(words) - size + 1):
            chunk = words[i : i + size]
            if chunk[0][0] in _NOT_NAMES or chunk[-1][0] in _NOT_NAMES:
                continue
            windows.append((" ".join(w for w, _, _ in chunk), chunk[0][1], chunk[-1][2], size))
    best: dict[Any, tuple[float, tuple[int, int]]] = {}
    for mentor in mentors:
        for variant, form in _variants(mentor.name):
            parts = variant.count(" ") + 1
            for words_, start, end, size in windows:
                if size != parts:
                    continue
                score = fuzz.ratio(words_, variant)
                if score < THRESHOLD:
                    continue
                # The form of the name heard, and the user's own mentors before others.
                score += form + (5 if mentor.known else 0)
                if mentor.id not in best or score > best[mentor.id][0]:
                    best[mentor.id] = (score, (start, end))
    if not best:
        return NameMatch(mentors=[], span=None, score=0.0)
    top = max(score for score, _ in best.values())
    by_id = {m.id: m for m in mentors}
    tied = [by_id[mid] for mid, (score, _) in best.items() if score >= top - 2]
    span = max(best.values(), key=lambda item: item[0])[1]
    return NameMatch(mentors=tied, span=span, score=top)


def pick_option(text: str, options: list[MentorName]) -> MentorName | None:
    """The answer to "Dana Fischer or Dana Lee?": a name, part of one, or "the first/second"."""
    lowered = text.lower()
    ordinals = {"first": 0, "one": 0, "second": 1, "two": 1, "other": 1, "third": 2, "last": len(options) - 1}
    match = find_mentor(text, options)
    if len(match.mentors) == 1:
        return match.mentors[0]
    scored = sorted(((fuzz.partial_ratio(o.name.lower(), lowered), o) for o in options), key=lambda x: -x[0])
    if scored and scored[0][0] >= 85 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 10):
        return scored[0][1]
    for word, index in ordinals.items():
        if re.search(rf"\b{word}\b", lowered) and 0 <= index < len(options):
            return options[index]
    return None
