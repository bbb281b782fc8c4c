"""Streaks (API.md §6): consecutive local days in the learner's own time zone, kept across a DST
change, broken by a missed local day, with the longest run kept. The clock is frozen
(time-machine); every instant is written in UTC and the comments say the local time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from learning.models import LearnerStanding
from learning.selectors_rewards import standing_for
from learning.services.streaks import activity_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def learn_at(user, moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        activity_record(user=user)


def streak_at(user, moment: datetime) -> tuple[int, int]:
    with time_machine.travel(moment, tick=False):
        standing = standing_for(user=user)
    return standing.current_streak_days, standing.longest_streak_days


def test_new_york_streak_is_kept_across_the_spring_dst_change():
    # 2026-03-08: clocks go from 02:00 EST to 03:00 EDT, a 23-hour local day.
    user = UserFactory(timezone="America/New_York")
    learn_at(user, at(2026, 3, 8, 4, 30))  # 7 March, 23:30 EST
    learn_at(user, at(2026, 3, 9, 3, 30))  # 8 March, 23:30 EDT: 23 hours later, the next local day
    learn_at(user, at(2026, 3, 9, 4, 30))  # 9 March, 00:30 EDT: the day after that
    assert streak_at(user, at(2026, 3, 9, 12)) == (3, 3)


def test_berlin_streak_is_kept_across_the_autumn_dst_change_and_two_activities_one_day_count_once():
    # 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET, a 25-hour local day.
    user = UserFactory(timezone="Europe/Berlin")
    learn_at(user, at(2026, 10, 24, 22, 30))  # 25 October, 00:30 CEST
    learn_at(user, at(2026, 10, 25, 22, 30))  # 25 October, 23:30 CET: 24 hours later, same local day
    learn_at(user, at(2026, 10, 25, 23, 30))  # 26 October, 00:30 CET
    assert streak_at(user, at(2026, 10, 26, 12)) == (2, 2)


def test_a_missed_local_day_breaks_the_streak_and_the_longest_is_kept():
    user = UserFactory(timezone="America/New_York")
    for day in (1, 2, 3):
        learn_at(user, at(2026, 6, day, 16))  # noon EDT on 1, 2 and 3 June
    assert streak_at(user, at(2026, 6, 4, 16)) == (3, 3)  # 4 June, nothing yet: still kept today
    # Nothing on 4 June (local). 5 June 01:00 UTC is still 4 June 21:00 in New York: kept.
    assert streak_at(user, at(2026, 6, 5, 1)) == (3, 3)
    assert streak_at(user, at(2026, 6, 5, 5)) == (0, 3)  # 5 June 01:00 EDT: 4 June was missed
    learn_at(user, at(2026, 6, 5, 16))
    assert streak_at(user, at(2026, 6, 5, 17)) == (1, 3)
    assert LearnerStanding.objects.get(user=user).longest_streak_days == 3


def test_the_same_utc_instants_make_different_days_in_two_time_zones():
    # Two instants an hour apart fall on two dates in London (either side of its midnight)
    # and on one date in Tokyo: each learner's days are their own zone's dates.
    london = UserFactory(timezone="Europe/London")
    tokyo = UserFactory(timezone="Asia/Tokyo")
    for user in (london, tokyo):
        learn_at(user, at(2026, 7, 1, 22, 30))  # London 23:30 on 1 July; Tokyo 07:30 on 2 July
        learn_at(user, at(2026, 7, 1, 23, 30))  # London 00:30 on 2 July; Tokyo 08:30 on 2 July
    assert streak_at(london, at(2026, 7, 2, 1)) == (2, 2)
    assert streak_at(tokyo, at(2026, 7, 2, 1)) == (1, 1)


def test_moving_west_never_breaks_nor_double_counts_a_streak():
    user = UserFactory(timezone="Asia/Tokyo")
    learn_at(user, at(2026, 7, 1, 16))  # Tokyo 2 July 01:00
    user.timezone = "America/Los_Angeles"
    user.save(update_fields=["timezone"])
    learn_at(user, at(2026, 7, 2, 1))  # Los Angeles 1 July 18:00: a date before the last one
    assert streak_at(user, at(2026, 7, 2, 2)) == (1, 1)
    learn_at(user, at(2026, 7, 3, 1))  # Los Angeles 2 July 18:00: a date counted already
    assert streak_at(user, at(2026, 7, 3, 2)) == (1, 1)
    learn_at(user, at(2026, 7, 4, 1))  # Los Angeles 3 July 18:00: the day after the latest
    assert streak_at(user, at(2026, 7, 4, 2)) == (2, 2)
