"""What is read from the answers without any model: time available, learning style, skill
levels, and the phrases that name passions and goals. Plain rules over what people say
("two or three hours a day", "weekends only", "I've been doing it for five years")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
    "couple": 2, "a couple of": 2, "few": 3, "a few": 3, "several": 4, "half": 0.5, "half an": 0.5,
}  # fmt: skip
_NUM = (
    r"(?:\d+(?:[.,]\d+)?|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
    + ")"
)
_AMOUNT = re.compile(
    rf"(?P<lo>{_NUM})(?:\s*(?:or|to|-|–|and)\s*(?P<hi>{_NUM}))?\s*(?:of\s+)?(?:an?\s+)?"
    r"(?P<unit>hours?|hrs?|h\b|minutes?|mins?)"
    r"(?:\s+(?:or\s+so\s+)?(?P<per>a\s+day|per\s+day|each\s+day|every\s+day|daily|a\s+night|each\s+night|"
    r"every\s+night|a\s+week|per\s+week|each\s+week|every\s+week|weekly|a\s+month|per\s+month|"
    r"each\s+month|a\s+weekend|per\s+weekend|every\s+weekend|each\s+weekend|on\s+weekends))?",
    re.IGNORECASE,
)
_HALF_HOUR = re.compile(r"\bhalf\s+an\s+hour\b", re.IGNORECASE)
_SCHEDULE = [
    ("weekends", re.compile(r"\bweekends?\b|\bsaturdays?\b|\bsundays?\b", re.IGNORECASE)),
    ("weekdays", re.compile(r"\bweekdays?\b|\bworkdays?\b", re.IGNORECASE)),
    ("mornings", re.compile(r"\bmornings?\b|\bbefore work\b|\bearly\b", re.IGNORECASE)),
    ("afternoons", re.compile(r"\bafternoons?\b|\bnap ?time\b|\blunch(?:time)?\b", re.IGNORECASE)),
    ("evenings", re.compile(r"\bevenings?\b|\bnights?\b|\bafter work\b|\bafter the kids\b", re.IGNORECASE)),
]
_ONLY = re.compile(r"\bonly\b|\bjust\b", re.IGNORECASE)


def _number(text: str) -> float:
    text = text.lower().strip()
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    return float(text.replace(",", "."))


@dataclass
class TimeCommitment:
    summary: str = ""
    hours_per_week: float | None = None
    schedule: list[str] = field(default_factory=list)


def time_commitment(text: str) -> TimeCommitment:
    """ "two or three hours a day" -> 2–3 hours a day, 17.5 h a week; "weekends only" -> weekends."""
    text = _HALF_HOUR.sub("0.5 hours", text or "")
    schedule = [name for name, pattern in _SCHEDULE if pattern.search(text)]
    only = bool(_ONLY.search(text)) and len(schedule) == 1
    parts: list[str] = []
    hours: float | None = None
    match = _AMOUNT.search(text)
    if match:
        lo = _number(match["lo"])
        hi = _number(match["hi"]) if match["hi"] else lo
        if hi < lo:
            lo, hi = hi, lo
        minutes = match["unit"].lower().startswith("m")
        per = (match["per"] or "").lower()
        if not minutes and hi < 1:
            lo, hi, minutes = lo * 60, hi * 60, True
        scale = 1 / 60 if minutes else 1
        amount = (lo + hi) / 2 * scale
        unit = "minutes" if minutes else ("hour" if hi == 1 else "hours")
        said = f"{lo:g}–{hi:g} {unit}" if hi != lo else f"{lo:g} {unit}"
        if "day" in per or "night" in per:
            days = 2 if "weekends" in schedule else 5 if "weekdays" in schedule else 7
            hours = amount * days
            said += " a day"
        elif "weekend" in per:
            hours = amount * (2 if "weekends" in per else 1)
            said += " a day at weekends" if per.startswith("on") else " a weekend"
        elif "month" in per:
            hours = amount * 12 / 52
            said += " a month"
        else:
            hours = amount
            said += " a week"
        parts.append(said)
        hours = round(hours, 1)
    if match and "weekend" in (match["per"] or "").lower():
        schedule_said = [name for name in schedule if name != "weekends"]
    else:
        schedule_said = schedule
    if schedule_said:
        when = ", ".join(schedule_said)
        parts.append(f"{when} only" if only else when)
    return TimeCommitment(" · ".join(parts), hours, schedule)


_STYLES = [
    (
        "one-to-one sessions",
        r"one[- ](?:to|on)[- ]one|1[:-]1|1 on 1|\bmentor|\btutor|personal|someone to (?:guide|show)",
    ),
    ("videos", r"\bvideos?\b|\bwatch|youtube|tutorials?\b"),
    ("reading", r"\bread(?:ing)?\b|\bbooks?\b|\barticles?\b|written|\bdocs\b|documentation"),
    (
        "hands-on projects",
        r"hands[- ]on|\bpractice|\bprojects?\b|\bby doing\b|\bbuild|\bmaking\b|trial and error",
    ),
    ("listening", r"\blisten|podcasts?|audio|spoken|\bvoice\b"),
    ("groups", r"\bgroups?\b|\bclass(?:es)?\b|with others|community|peers"),
    ("visual explanations", r"\bvisual|diagrams?|pictures|drawings?\b"),
    ("step-by-step guides", r"step[- ]by[- ]step"),
    ("captions", r"\bcaptions?\b|subtitles?"),
]
_STYLE_PATTERNS = [(label, re.compile(pattern, re.IGNORECASE)) for label, pattern in _STYLES]


def learning_style(text: str) -> str:
    """The ways of learning named, in a fixed order: "one-to-one sessions, hands-on projects"."""
    found = [label for label, pattern in _STYLE_PATTERNS if pattern.search(text or "")]
    return ", ".join(found)


LEVELS = ("beginner", "intermediate", "advanced", "expert")
_EXPERT = re.compile(r"\bexpert\b|\bmaster\b|\bteach(?:ing)? (?:it|others)\b|\bdecades?\b", re.IGNORECASE)
_ADVANCED = re.compile(
    r"\badvanced\b|\bprofessional(?:ly)?\b|\bsenior\b|\blead\b|\bfor a living\b|\bvery (?:good|experienced)\b"
    r"|\bfor (?:many|several) years\b|\bdo it at work\b|\bmy job\b",
    re.IGNORECASE,
)
_INTERMEDIATE = re.compile(
    r"\bintermediate\b|\bsome experience\b|\bcomfortable\b|\bdecent\b|\bokay at\b|\bpretty good\b|"
    r"\ba (?:year|couple of years|few years)\b|\bself[- ]taught\b|\bhobby\b|\bfor fun\b",
    re.IGNORECASE,
)
_BEGINNER = re.compile(
    r"\bbeginner\b|\bnever\b|\bno experience\b|\bnot (?:yet|much|very)\b|\bjust (?:start|began|begun)|"
    r"\bstarting out\b|\bnew to\b|\ba little\b|\ba bit\b|\bbasics?\b|\bzero\b|\bnovice\b|\bfirst time\b",
    re.IGNORECASE,
)
_YEARS = re.compile(rf"(?P<n>{_NUM})\s*(?:\+\s*)?years?", re.IGNORECASE)


def level_in(text: str) -> str | None:
    """The level a clause states, if any ("for five years" -> advanced, "never" -> beginner)."""
    if not text:
        return None
    years = _YEARS.search(text)
    if years:
        try:
            n = _number(years["n"])
        except ValueError:
            n = 0
        return "expert" if n >= 8 else "advanced" if n >= 3 else "intermediate" if n >= 1 else "beginner"
    for level, pattern in (("expert", _EXPERT), ("advanced", _ADVANCED), ("intermediate", _INTERMEDIATE)):
        if pattern.search(text):
            return level
    if _BEGINNER.search(text):
        return "beginner"
    return None


PERSONA_LEVEL = {"beginner": "beginner", "mid_level": "intermediate", "experienced": "advanced"}

_CLAUSE_SPLIT = re.compile(
    r"[.;!?\n]+|,\s*(?:and\s+|but\s+)?|\s+but\s+|\s+and\s+(?=i\b|i'|my\b)", re.IGNORECASE
)
_FILLER = re.compile(
    r"^\s*(?:(?:well|so|um+|uh+|oh|okay|ok|and|also|then|yes|yeah)\b[,\s]*)*"
    r"(?:i\s+(?:really\s+|just\s+|also\s+|would\s+|really\s+)*(?:love|like|enjoy|adore|want|hope|wish|plan|need|'d\s+like|would\s+like)"
    r"(?:\s+to)?\s+|i'?m\s+(?:really\s+)?(?:into|passionate\s+about|hoping\s+to|trying\s+to|aiming\s+to)\s+|"
    r"my\s+(?:passion|goal|dream)\s+is\s+(?:to\s+)?|to\s+)?",
    re.IGNORECASE,
)


def clauses(text: str) -> list[str]:
    return [c.strip(" ,.-") for c in _CLAUSE_SPLIT.split(text or "") if c and len(c.strip(" ,.-")) >= 3]


def phrases(text: str, limit: int = 6) -> list[str]:
    """The things named in an answer, without "I love" / "I want to": "I love sketching app
    screens in Figma, and drawing comics" -> ["sketching app screens in Figma", "drawing comics"]."""
    found: list[str] = []
    for clause in clauses(text):
        cleaned = _FILLER.sub("", clause).strip(" ,.-")
        cleaned = re.sub(r"\s+", " ", cleaned)
        if len(cleaned) >= 3 and cleaned.lower() not in {f.lower() for f in found}:
            found.append(cleaned[:120])
        if len(found) == limit:
            break
    return found
