"""`make bench BENCH_ARGS="--only assistant"`: the assistant's recognition quality and command
latency on this machine (issue 19).

    python -m tests.benchmarks.assistant [--spoken N]

1. Typed: every command of the labelled evaluation set (assistant_eval.jsonl) through the
   recogniser: intent accuracy and slot accuracy (mentor; date, time and part of the day).
2. Spoken: the commands marked `spoken`, synthesised now by espeak-ng in several voices and
   speeds (no audio is committed), each sent through the whole voice command (decode, Whisper
   transcription, recognition, the action, the spoken reply) as a user with those mentors:
   intent and slot accuracy of what was heard, and the end-to-end latency of each command.
3. Typed commands through the same whole path, for their latency.

It runs on the test settings, in a database of its own (var/test-bench-assistant.sqlite3, kept
between runs), with the clock frozen at the evaluation set's `now`. Nothing is asserted: it
prints the figures beside the issue's targets (tests/assistant/test_eval.py asserts the typed
accuracy in the normal suite).
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("MENTORA_TEST_DB", "bench-assistant")

TARGET_TYPED = 0.95
TARGET_SPOKEN = 0.90
TARGET_SLOTS = 0.90
TARGET_SPOKEN_SECONDS = 3.0
# (espeak-ng voice, words per minute), taken in turn by the spoken commands.
VOICES = (("en-us", 140), ("en-gb", 160), ("en-us+m3", 130), ("en-us+f3", 150), ("en-gb", 120))


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _setup_database():
    import django

    django.setup()
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)


def _world(data):
    """A learner in the set's zone with an agent, and the set's mentors (the known ones are
    favourites), all free 09:00-17:00 UTC every day."""
    from assistant.models import Agent
    from mentors.models import Favorite
    from tests.bookings.factories import bookable_mentor
    from tests.factories import UserFactory

    learner = UserFactory(full_name="Bench Learner", timezone=data.zone.key)
    agent = Agent.objects.create(user=learner)
    for mentor in data.mentors:
        profile = bookable_mentor(user__full_name=mentor.name)
        if mentor.known:
            Favorite.objects.create(learner=learner, mentor=profile)
    return learner, agent


def _heard_slots(intent: str, slots: dict) -> dict:
    dates = slots["dates"]
    day = (dates[-1] if intent == "reschedule_booking" else dates[0]) if dates else None
    return {
        "mentor": slots["mentors"][0] if len(slots["mentors"]) == 1 else None,
        "date": str(day) if day else None,
        "time": slots["time"],
        "window": slots["window"],
    }


def _score_reply(score, row, reply, misses) -> None:
    from tests.benchmarks import assistant_eval

    score.intent_total += 1
    score.intent_right += reply.intent == row["intent"]
    if reply.intent != row["intent"]:
        misses.append(("intent", row["text"], reply.transcription, row["intent"], reply.intent))
    if row["intent"] not in assistant_eval.SLOTTED:
        return
    got = _heard_slots(reply.intent, reply.slots)
    score.slot_total += 1
    score.mentor_right += got["mentor"] == row["mentor"]
    when_ok = all(got[key] == row[key] for key in ("date", "time", "window"))
    score.when_right += when_ok
    if got["mentor"] != row["mentor"] or not when_ok:
        misses.append(("slots", row["text"], reply.transcription, {k: row[k] for k in got}, got))


def _command(agent, *, text=None, audio=None):
    from assistant.services.commands import voice_command

    # Each command stands alone: no question left open by the previous one.
    agent.pending, agent.pending_until = None, None
    agent.save(update_fields=["pending", "pending_until"])
    started = time.perf_counter()
    reply = voice_command(user=agent.user, text=text, audio=audio)
    return reply, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.assistant")
    parser.add_argument("--spoken", type=int, default=0, help="at most this many spoken commands (0: all)")
    args = parser.parse_args(argv)

    _setup_database()
    import time_machine
    from django.db import transaction

    from accounts.speech import synthesise_wav
    from assistant.recognise import understand
    from tests.benchmarks import assistant_eval

    data = assistant_eval.load()
    print(f"assistant: {len(data.rows)} labelled commands, {sum(r['spoken'] for r in data.rows)} also spoken")

    # 1. typed, through the recogniser
    typed = assistant_eval.Score()
    typed_misses: list = []
    started = time.perf_counter()
    for row in data.rows:
        assistant_eval.score_one(
            typed,
            row,
            understand(row["text"], now=data.now, zone=data.zone, mentors=data.mentors),
            typed_misses,
        )
    recognise_ms = (time.perf_counter() - started) * 1000 / len(data.rows)

    spoken = assistant_eval.Score()
    spoken_misses: list = []
    spoken_times: list[float] = []
    typed_times: list[float] = []
    rows = [row for row in data.rows if row["spoken"]]
    if args.spoken:
        rows = rows[: args.spoken]
    with time_machine.travel(data.now, tick=False), transaction.atomic():
        _learner, agent = _world(data)
        # Warm the models once (Whisper, MiniLM, dateparser): a server pays this at its first
        # command, not at every one.
        _command(agent, text="what's on my schedule this week")
        _command(agent, audio=base64.b64encode(synthesise_wav("Read my messages.")).decode())
        # 2. spoken
        for number, row in enumerate(rows):
            voice, speed = VOICES[number % len(VOICES)]
            audio = base64.b64encode(synthesise_wav(row["text"], voice=voice, speed=speed)).decode()
            reply, seconds = _command(agent, audio=audio)
            spoken_times.append(seconds)
            _score_reply(spoken, row, reply, spoken_misses)
        # 3. typed, whole path
        for row in data.rows:
            _reply, seconds = _command(agent, text=row["text"])
            typed_times.append(seconds)
        transaction.set_rollback(True)

    print()
    print(f"{'figure':44} {'value':>10}  {'target':>8}")
    lines = [
        ("intent accuracy, typed", typed.intent_accuracy, TARGET_TYPED),
        ("slot accuracy typed: mentor", typed.mentor_accuracy, TARGET_SLOTS),
        ("slot accuracy typed: date/time", typed.when_accuracy, TARGET_SLOTS),
        ("intent accuracy, spoken", spoken.intent_accuracy, TARGET_SPOKEN),
        ("slot accuracy spoken: mentor", spoken.mentor_accuracy, TARGET_SLOTS),
        ("slot accuracy spoken: date/time", spoken.when_accuracy, TARGET_SLOTS),
    ]
    for name, value, target in lines:
        print(f"{name:44} {value:>9.1%}  {'>= ' + format(target, '.0%'):>8}  {_verdict(value >= target)}")
    p50, p95 = statistics.median(spoken_times), _percentile(spoken_times, 0.95)
    print(
        f"{'spoken command, end to end, p50':44} {p50:>8.2f} s  {'< 3 s':>8}  {_verdict(p50 < TARGET_SPOKEN_SECONDS)}"
    )
    print(f"{'spoken command, end to end, p95':44} {p95:>8.2f} s")
    print(f"{'typed command, end to end, p50':44} {statistics.median(typed_times):>8.2f} s")
    print(f"{'recognition alone, per typed command':44} {recognise_ms:>7.1f} ms")
    print(
        f"(commands: {len(data.rows)} typed, {len(rows)} spoken in {len(VOICES)} voice/speed settings; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    for title, misses in (("typed misses", typed_misses), ("spoken misses", spoken_misses)):
        if misses:
            print(f"\n{title}:")
            for miss in misses:
                print("  ", *miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
