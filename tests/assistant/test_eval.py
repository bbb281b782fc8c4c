"""The typed half of the labelled evaluation set (tests/benchmarks/assistant_eval.jsonl) through
the recogniser: accuracy, not time (`make bench` prints the spoken figures and latency)."""

from __future__ import annotations

from assistant.recognise import understand
from tests.benchmarks import assistant_eval


def test_typed_commands_meet_the_accuracy_targets():
    data = assistant_eval.load()
    assert len(data.rows) >= 150
    assert sum(row["spoken"] for row in data.rows) >= 40
    assert set(row["intent"] for row in data.rows) >= {
        "schedule_session",
        "reschedule_booking",
        "cancel_booking",
        "send_message",
        "read_messages",
        "read_notifications",
        "check_schedule",
        "confirm",
        "deny",
        "unknown",
    }
    score = assistant_eval.Score()
    misses: list = []
    for row in data.rows:
        heard = understand(row["text"], now=data.now, zone=data.zone, mentors=data.mentors)
        assistant_eval.score_one(score, row, heard, misses)
    assert score.intent_accuracy >= 0.95, misses
    assert score.mentor_accuracy >= 0.90, misses
    assert score.when_accuracy >= 0.90, misses
