"""A mentor's reviews and their summary.

Reviews belong to the bookings app (DESIGN.md), which registers how to list them
(mentors.extensions). The summary is the profile's own figures, which bookings recomputes
through mentors.services.mentor_rating_recompute after every review.
"""

from __future__ import annotations

import uuid
from typing import Any

from mentors import extensions
from mentors.models import (
    MentorProfile,
)
from mentors.selectors.profiles import mentor_bookable_get

REVIEW_ASPECTS = ("professionalism", "expertise", "communication", "value_for_money", "punctuality")


def mentor_reviews_summary(*, mentor: MentorProfile) -> dict:
    distribution = mentor.rating_distribution or {}
    aspects = mentor.aspect_averages or {}
    return {
        "average_rating": mentor.average_rating,
        "total_reviews": mentor.total_reviews,
        "rating_distribution": {str(star): int(distribution.get(str(star), 0)) for star in range(1, 6)},
        "aspect_averages": {name: aspects.get(name) for name in REVIEW_ASPECTS},
    }


def mentor_reviews(
    *, mentor_id: uuid.UUID, rating: int | None = None, has_response: bool | None = None, sort: str = "newest"
) -> tuple[MentorProfile, Any, dict]:
    """(mentor, reviews, summary) for a public mentor; 404 for anyone else."""
    mentor = mentor_bookable_get(mentor_id=mentor_id)
    reviews = extensions.reviews_for(mentor, rating=rating, has_response=has_response, sort=sort)
    return mentor, reviews, mentor_reviews_summary(mentor=mentor)
