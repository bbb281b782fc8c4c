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


def test_a_first_name_heard_outweighs_a_surname_heard_alone():
    from assistant.recognise import MentorName
    from assistant.recognise.names import find_mentor

    sofia = MentorName(id=1, name="Sofia Marin", known=True)
    priya = MentorName(id=2, name="Priya Nair", known=True)
    dana_f = MentorName(id=3, name="Dana Fischer")
    dana_l = MentorName(id=4, name="Dana Lee")
    mentors = [sofia, priya, dana_f, dana_l]

    def heard(text: str) -> list[str]:
        return [m.name for m in find_mentor(text, mentors).mentors]

    # Sofia Marin's surname misheard as another mentor's: still Sofia.
    assert heard("please book me in with Sofia Nair this evening") == ["Sofia Marin"]
    # A surname alone still names its mentor when nothing else is heard...
    assert heard("book Nair on Monday") == ["Priya Nair"]
    # ...and two mentors who share a first name still tie, so the assistant asks which.
    assert sorted(heard("tell Dana I'm late")) == ["Dana Fischer", "Dana Lee"]
    assert heard("tell Dana Lee I'm late") == ["Dana Lee"]
