"""Recommendations from the in-process matrix of mentors' vectors (issue 14): a warm request
reads no vector, a change to a mentor reaches the next request, and the ranking is the one the
row-by-row scoring gave before (kept here as the reference)."""

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import LearnerProfile
from mentors import matching
from mentors.matching import embeddings, matrix
from mentors.matching.learners import learner_wants, topic_text
from mentors.models import MentorEmbedding, MentorProfile, MentorStatus
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)

PROFILES = [
    ("Europe/London", "Senior UX Designer", "Product design for apps", "4.80", 12),
    ("America/New_York", "Tax Lawyer", "Corporate tax and VAT planning", "4.90", 40),
    ("Europe/Berlin", "Mobile Developer", "iOS and Android apps, UI prototyping", "0.00", 0),
    ("Asia/Tokyo", "Product Designer", "Design systems and user research", "4.20", 3),
    ("Europe/Berlin", "Data Scientist", "Machine learning and statistics", "5.00", 1),
    ("Australia/Sydney", "UX Researcher", "Interviews, usability tests and prototypes", "3.90", 8),
    ("Europe/Paris", "Chef", "French cooking at home", "4.50", 20),
]


@pytest.fixture(autouse=True)
def _fresh_matrix(taxonomy):
    matrix.forget()
    yield
    matrix.forget()


def _mentors() -> list[MentorProfile]:
    made = [
        mentor_with_weekly_hours(
            tz=zone, title=title, headline=headline, average_rating=Decimal(rating), total_reviews=reviews
        )
        for zone, title, headline, rating, reviews in PROFILES
    ]
    matching.mentor_embeddings_refresh()
    # One without a vector yet (its refresh task has not run): it still ranks, on rating and zone.
    MentorEmbedding.objects.filter(mentor=made[-1]).delete()
    return made


def _learner():
    user = UserFactory(timezone="Europe/Berlin")
    LearnerProfile.objects.update_or_create(
        user=user,
        defaults={"learning_goals": "I want to become a UX designer.", "interests": ["prototyping"]},
    )
    return user


def _reference_ranking(user, now) -> list[tuple]:
    """The scoring as it was before the matrix: every row read per request, scored row by row."""
    candidates = list(
        MentorProfile.objects.bookable()
        .exclude(user=user)
        .values_list("id", "embedding__vector", "average_rating", "total_reviews", "schedule__timezone")
    )
    wants = learner_wants(user)
    want_vectors = embeddings.embed([topic_text(w.text) for w in wants])
    whole = embeddings.embed_one(topic_text(". ".join(w.text for w in wants)))
    scores = []
    for mentor_id, raw, average, count, zone in candidates:
        vector = embeddings.from_bytes(raw)
        if vector is None:
            topic_part = 0.0
        else:
            topic = 0.5 * float(vector @ whole) + 0.5 * float((want_vectors @ vector).max())
            topic_part = float(np.clip((topic - 0.10) / 0.45, 0, 1))
        a = now.astimezone(ZoneInfo(user.timezone)).utcoffset().total_seconds() / 3600
        b = now.astimezone(ZoneInfo(zone)).utcoffset().total_seconds() / 3600
        gap = abs(a - b) % 24
        gap = min(gap, 24 - gap)
        zone_part = 1 - min(gap, 12) / 12
        shrunk = (float(average) * count + 3.5 * 5) / (count + 5)
        score = 0.7 * topic_part + 0.2 * shrunk / 5 + 0.1 * zone_part
        scores.append((-score, mentor_id, int(round(100 * score))))
    return [(mentor_id, points) for _, mentor_id, points in sorted(scores, key=lambda s: s[0])]


def test_the_ranking_and_scores_are_those_of_the_row_by_row_scoring():
    _mentors()
    learner = _learner()

    found = [(m.mentor.pk, m.match_score) for m in matching.recommend_for(user=learner, limit=10, now=NOW)]

    assert found == _reference_ranking(learner, NOW)


def test_a_warm_request_reads_no_vector_and_no_mentor_table_scan():
    _mentors()
    learner = _learner()
    matching.recommend_for(user=learner, limit=5, now=NOW)  # builds this process's matrix

    with CaptureQueriesContext(connection) as queries:
        again = matching.recommend_for(user=learner, limit=5, now=NOW)

    assert len(again) == 5
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "mentors_mentorembedding" not in sql
    # The mentors read are the five shown (by id), not every bookable one.
    assert all(
        "mentors_mentorprofile" not in q["sql"] or '"mentors_mentorprofile"."id" IN' in q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "mentors_mentorprofile"' in q["sql"]
    )


def test_a_mentor_approved_or_paused_is_seen_by_the_next_request():
    made = _mentors()
    learner = _learner()
    first = [m.mentor.pk for m in matching.recommend_for(user=learner, limit=10, now=NOW)]
    assert len(first) == len(PROFILES)

    top = MentorProfile.objects.get(pk=first[0])
    top.is_accepting_bookings = False
    top.save(update_fields=["is_accepting_bookings", "updated_at"])
    newcomer = mentor_with_weekly_hours(tz="Europe/Berlin", title="UX Designer", status=MentorStatus.APPROVED)
    matching.mentor_embeddings_refresh(mentor_ids=[newcomer.pk])

    after = [m.mentor.pk for m in matching.recommend_for(user=learner, limit=10, now=NOW)]

    assert top.pk not in after
    assert newcomer.pk in after
    assert set(after) == {m.pk for m in made if m.pk != top.pk} | {newcomer.pk}


def test_a_new_rating_moves_a_mentor_on_the_next_request():
    made = _mentors()
    learner = UserFactory(timezone="Europe/Berlin")  # nothing said: rating and zone decide
    before = [m.mentor.pk for m in matching.recommend_for(user=learner, limit=10, now=NOW)]
    last = MentorProfile.objects.get(pk=before[-1])

    last.average_rating, last.total_reviews = Decimal("5.00"), 500
    last.save(update_fields=["average_rating", "total_reviews", "updated_at"])

    after = [m.mentor.pk for m in matching.recommend_for(user=learner, limit=10, now=NOW)]
    assert after.index(last.pk) < before.index(last.pk)
    assert set(after) == {m.pk for m in made}
