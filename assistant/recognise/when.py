"""Dates and times in a command, in the user's time zone.

Dates come from dateparser ("next Tuesday", "tomorrow", "on the 14th", "March 12"); the clock
time is read first by the small grammar below and taken out of the text, because dateparser
reads "Friday at 11" as 3 November and drops the hour of "tomorrow at 3". A bare hour from 1 to
7 means the afternoon (nobody books a mentor for 3 in the morning by voice)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateparser.search import search_dates

WINDOWS = {"morning": (6, 12), "afternoon": (12, 17), "evening": (17, 22)}
_WINDOW_WORDS = {"morning": "morning", "afternoon": "afternoon", "evening": "evening", "tonight": "evening"}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_HOUR = r"(\d{1,2}|" + "|".join(_NUMBERS) + r")"
_CLOCK = re.compile(
    rf"\b(?:at\s+|@\s*)?(?:(half past|quarter past|quarter to)\s+)?{_HOUR}(?:[:.](\d{{2}}))?"
    r"\s*(a\.?\s?m\.?|p\.?\s?m\.?|o'?\s?clock)?(?=\W|$)",
    re.IGNORECASE,
)
_NOON = re.compile(r"\b(?:at\s+)?(noon|midday|midnight)\b", re.IGNORECASE)
_PERIOD = re.compile(r"\b(this|next|coming)\s+(week|weekend)\b", re.IGNORECASE)
_DURATION = re.compile(r"\b(minute|minutes|hour|hours|mins?)\b", re.IGNORECASE)
_NEXT_SESSION = re.compile(
    r"\b(next|upcoming|coming)\s+(session|lesson|booking|appointment|meeting|call|class)\b", re.IGNORECASE
)
# dateparser reads "the day after tomorrow" as tomorrow and "tomorrow's" not at all.
_SAYINGS = (
    (re.compile(r"\b(?:the )?day after tomorrow\b", re.I), "in 2 days"),
    (re.compile(r"(\w)'s\b"), r"\1"),
)
# "the 10th" with no month: the next 10th (dateparser makes it October).
_ORDINAL = re.compile(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b", re.I)
# A phrase dateparser found is a date only if it has one of these (not "one to one", "a").
_DATE_WORD = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
    r"|\b(?:today|tomorrow|tonight|yesterday|days?|weeks?)\b|\d",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class When:
    dates: list[date]
    time: time | None
    window: str | None
    period: tuple[date, date] | None
    next_session: bool
    weekdays: list[int]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _clock(text: str) -> tuple[time | None, str]:
    """The clock time said in the text and the text without it."""
    noon = _NOON.search(text)
    if noon:
        hour = 0 if noon.group(1).lower() == "midnight" else 12
        return time(hour), text[: noon.start()] + " " + text[noon.end() :]
    for match in _CLOCK.finditer(text):
        phrase, hour_word, minutes, suffix = match.groups()
        said_at = match.group(0).lower().lstrip().startswith(("at", "@"))
        # A number is a time only with "at", am/pm, o'clock, a colon or "half past": "five
        # minutes" and "the 14th" are not.
        if not (said_at or suffix or minutes or phrase):
            continue
        if _DURATION.match(text[match.end() :].lstrip()):
            continue
        hour = _number(hour_word)
        if hour > 23:
            continue
        minute = int(minutes) if minutes else 0
        if phrase == "half past":
            minute = 30
        elif phrase == "quarter past":
            minute = 15
        elif phrase == "quarter to":
            hour, minute = hour - 1, 45
        suffix = (suffix or "").lower().replace(".", "").replace(" ", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        elif suffix not in ("am", "pm") and 1 <= hour <= 7:
            hour += 12
        if minute > 59 or hour > 23 or hour < 0:
            continue
        return time(hour, minute), text[: match.start()] + " " + text[match.end() :]
    return None, text


def _window(text: str) -> tuple[str | None, str]:
    for word, window in _WINDOW_WORDS.items():
        found = re.search(rf"\b(?:in the |this |tomorrow )?{word}\b", text, re.IGNORECASE)
        if found:
            kept = found.group(0).lower().replace(word, "").strip()  # "tomorrow" stays for dateparser
            return window, text[: found.start()] + " " + kept + " " + text[found.end() :]
    return None, text


def _period(text: str, today: date) -> tuple[tuple[date, date] | None, str]:
    found = _PERIOD.search(text)
    if not found:
        return None, text
    which, unit = found.group(1).lower(), found.group(2).lower()
    monday = today - timedelta(days=today.weekday())
    if which in ("next", "coming"):
        monday += timedelta(days=7)
    if unit == "weekend":
        saturday = monday + timedelta(days=5)
        if which == "this" or saturday < today:
            saturday = max(saturday, today)
        return (saturday, monday + timedelta(days=6)), text[: found.start()] + " " + text[found.end() :]
    start = max(monday, today) if which == "this" else monday
    return (start, monday + timedelta(days=6)), text[: found.start()] + " " + text[found.end() :]


_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def _next_day_of_month(today: date, day: int) -> date | None:
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return None


def read_when(text: str, *, now: datetime, zone: ZoneInfo, skip: tuple[int, int] | None = None) -> When:
    """`skip` is a span not to read dates in (a message's own words: "I'll be five minutes late")."""
    if skip is not None:
        text = text[: skip[0]] + " " + " " * (skip[1] - skip[0])
    local = now.astimezone(zone)
    today = local.date()
    next_session = bool(_NEXT_SESSION.search(text))
    if next_session:
        text = _NEXT_SESSION.sub(" ", text)
    for pattern, replacement in _SAYINGS:
        text = pattern.sub(replacement, text)
    clock, text = _clock(text)
    window, text = _window(text)
    period, text = _period(text, today)
    weekdays = [i for i, day in enumerate(_WEEKDAYS) if re.search(rf"\b{day}s?\b", text, re.IGNORECASE)]
    dates: list[date] = []
    ordinal = _ORDINAL.search(text)
    if ordinal and not _MONTH.search(text):
        day = _next_day_of_month(today, int(ordinal.group(1)))
        if day is not None:
            dates.append(day)
        text = text[: ordinal.start()] + " " + text[ordinal.end() :]
    found = search_dates(
        text,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": local.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    for phrase, moment in found or []:
        if _DURATION.search(phrase) or not _DATE_WORD.search(phrase):
            continue  # "five minutes", a stray "on" or "a"
        if phrase.strip().lower() in ("now", "today's") and moment.date() == today:
            dates.append(today)
            continue
        day = moment.date()
        # "Tuesday" on a Tuesday means today only with "this"; dateparser's "future" already
        # moved "Monday" to the coming one.
        if day < today:
            continue
        dates.append(day)
    return When(
        dates=dates, time=clock, window=window, period=period, next_session=next_session, weekdays=weekdays
    )
