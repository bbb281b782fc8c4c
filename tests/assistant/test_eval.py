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


def test_a_booking_of_mine_given_a_new_time_is_moved_whatever_verb_was_heard():
    data = assistant_eval.load()

    def intent(text: str) -> str:
        return understand(text, now=data.now, zone=data.zone, mentors=data.mentors).intent

    # "Reschedule" misheard as "cancel", and a move said without any verb for moving.
    assert intent("cancel my session with Dana Fischer to Thursday at 2 pm") == "reschedule_booking"
    assert intent("let's do my lesson with Omar on Sunday instead") == "reschedule_booking"
    # A cancellation names no new time; "to" without a time, or a new session, is no move.
    assert intent("cancel my session with Dana Fischer on Thursday") == "cancel_booking"
    assert intent("cancel my lesson with Omar, I have to work") == "cancel_booking"
    assert intent("book a session with Omar to talk about my essay") == "schedule_session"
