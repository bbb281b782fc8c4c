"""The assistant's labelled evaluation set (assistant_eval.jsonl beside this file) and how a
recognition is scored against it; used by `make bench` (tests/benchmarks/assistant.py) and by
tests/assistant/test_eval.py, which asserts the typed accuracy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

EVAL_FILE = Path(__file__).with_name("assistant_eval.jsonl")
# Intents whose slots are scored (yes, no and unknown carry none).
SLOTTED = {
    "schedule_session",
    "reschedule_booking",
    "cancel_booking",
    "send_message",
    "read_messages",
    "check_schedule",
}


@dataclass
class EvalSet:
    now: datetime
    zone: ZoneInfo
    mentors: list  # assistant.recognise.MentorName
    rows: list[dict]


def load() -> EvalSet:
    from assistant.recognise import MentorName

    lines = [json.loads(line) for line in EVAL_FILE.read_text().splitlines() if line.strip()]
    meta = lines[0]["meta"]
    mentors = [MentorName(id=m["name"], name=m["name"], known=m["known"]) for m in meta["mentors"]]
    return EvalSet(
        now=datetime.fromisoformat(meta["now"].replace("Z", "+00:00")),
        zone=ZoneInfo(meta["zone"]),
        mentors=mentors,
        rows=lines[1:],
    )


def predicted_slots(heard) -> dict:
    """What a Heard says about the labelled slots. A reschedule's date is the new one (the last
    said); an ambiguous name counts as no name."""
    dates = heard.dates
    day = (dates[-1] if heard.intent == "reschedule_booking" else dates[0]) if dates else None
    return {
        "mentor": heard.mentor.name if heard.mentor else None,
        "date": day.isoformat() if day else None,
        "time": heard.time.strftime("%H:%M") if heard.time else None,
        "window": heard.window,
    }


@dataclass
class Score:
    intent_right: int = 0
    intent_total: int = 0
    mentor_right: int = 0
    when_right: int = 0
    slot_total: int = 0

    @property
    def intent_accuracy(self) -> float:
        return self.intent_right / self.intent_total if self.intent_total else 0.0

    @property
    def mentor_accuracy(self) -> float:
        return self.mentor_right / self.slot_total if self.slot_total else 0.0

    @property
    def when_accuracy(self) -> float:
        return self.when_right / self.slot_total if self.slot_total else 0.0


def score_one(score: Score, row: dict, heard, misses: list | None = None) -> None:
    score.intent_total += 1
    score.intent_right += heard.intent == row["intent"]
    if heard.intent != row["intent"] and misses is not None:
        misses.append(("intent", row["text"], heard.text, row["intent"], heard.intent))
    if row["intent"] not in SLOTTED:
        return
    got = predicted_slots(heard)
    score.slot_total += 1
    score.mentor_right += got["mentor"] == row["mentor"]
    when_ok = all(got[key] == row[key] for key in ("date", "time", "window"))
    score.when_right += when_ok
    if misses is not None and (got["mentor"] != row["mentor"] or not when_ok):
        misses.append(("slots", row["text"], heard.text, {k: row[k] for k in got}, got))
