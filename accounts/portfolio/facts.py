"""What a person has done on the platform, told by the apps that own it.

Completed sessions belong to bookings, courses, certificates and achievements to learning, and
mentor figures to mentors; all sit above accounts, which may not import them (DESIGN.md). Each of
those apps registers a provider for its section in its AppConfig.ready, e.g.

    facts.register("courses", lambda user: [facts.Course(...), ...])

A provider runs a fixed number of queries (one, usually) and returns only what really happened:
completed sessions, finished courses, certificates that are not revoked, achievements earned.
A section no installed app provides is simply empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SECTIONS = ("experience", "courses", "certificates", "achievements", "mentor_stats")


def duration_text(minutes: int) -> str:
    """90 -> "1 h 30 min"; 120 -> "2 h"; 45 -> "45 min"."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class Experience:
    """Completed 1:1 sessions on one topic with one mentor."""

    title: str
    type: str  # "mentoring"
    mentor: str
    sessions: int
    minutes: int
    started_on: date
    ended_on: date

    @property
    def duration(self) -> str:
        return plural(self.sessions, "session") + ", " + duration_text(self.minutes)


@dataclass(frozen=True)
class Course:
    """A course, workshop or cohort the person finished."""

    title: str
    type: str  # course / workshop / group
    completed_on: date
    minutes: int
    provider: str

    @property
    def duration(self) -> str:
        """Empty when the course states no length."""
        return duration_text(self.minutes) if self.minutes else ""


@dataclass(frozen=True)
class Certificate:
    title: str
    type: str
    issued_on: date
    verification_code: str
    verify_url: str


@dataclass(frozen=True)
class Achievement:
    """An unlocked achievement, shown as a badge."""

    name: str
    description: str
    rarity: str
    icon: str
    earned_on: date


@dataclass(frozen=True)
class MentorStats:
    """Public figures of an approved mentor profile."""

    mentor_id: str
    title: str
    average_rating: str  # a decimal string, as the API shows ratings
    total_reviews: int
    total_sessions_completed: int
    years_of_experience: int


@dataclass
class Facts:
    experience: list[Experience] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    achievements: list[Achievement] = field(default_factory=list)
    mentor_stats: MentorStats | None = None

    def as_json(self) -> dict[str, Any]:
        def plain(value):
            data = asdict(value)
            if hasattr(value, "duration"):
                data["duration"] = value.duration
            return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}

        return {
            "experience": [plain(item) for item in self.experience],
            "courses": [plain(item) for item in self.courses],
            "certificates": [plain(item) for item in self.certificates],
            "achievements": [plain(item) for item in self.achievements],
            "mentor_stats": plain(self.mentor_stats) if self.mentor_stats else None,
        }


_providers: dict[str, Callable[[Any], Any]] = {}


def register(section: str, provider: Callable[[Any], Any]) -> None:
    if section not in SECTIONS:
        raise ValueError(f"Unknown facts section {section!r}; known: {', '.join(SECTIONS)}")
    _providers[section] = provider


def collect(user) -> Facts:
    """Every registered section for `user` (one provider call each)."""
    found = Facts()
    for section in SECTIONS:
        if section in _providers:
            value = _providers[section](user)
            setattr(found, section, value if section == "mentor_stats" else list(value))
    return found
