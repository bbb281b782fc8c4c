"""Reviews (API.md §3): once per reviewer per completed booking, within 30 days; the mentor
answers a learner's review once. A learner's review is public and counts toward the mentor's
rating, which is recomputed under the mentor row's lock so concurrent reviews stay exact."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone

from accounts.errors import SkillAlreadyAdded
from accounts.models import ProficiencyLevel, SkillSource
from accounts.services.profiles import user_skill_add
from bookings import errors, notifications, policy
from bookings.models import ASPECTS, Party, Review, ReviewDirection
from bookings.services._common import audit, lock_booking, party
from bookings.signals import review_written
from core.errors import ValidationFailed
from mentors import services as mentor_services

MAX_SKILLS_LEARNED = 10


def _clean_aspects(aspects: Any) -> dict[str, int]:
    if aspects in (None, ""):
        return {}
    if not isinstance(aspects, dict):
        raise ValidationFailed.for_field("aspects", f"An object with any of: {', '.join(ASPECTS)}.")
    unknown = sorted(set(aspects) - set(ASPECTS))
    if unknown:
        raise ValidationFailed.for_field("aspects", f"Unknown aspect: {', '.join(unknown)}.")
    clean = {}
    for name, value in aspects.items():
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise ValidationFailed(
                f"aspects.{name}: a whole number from 1 to 5.", details={f"aspects.{name}": ["1 to 5."]}
            )
        clean[name] = value
    return clean


def _clean_skills(skills: Any) -> list[str]:
    if skills in (None, ""):
        return []
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        raise ValidationFailed.for_field("skills_learned", "A list of skill names.")
    names = list(dict.fromkeys(" ".join(s.split()) for s in skills if s.strip()))
    if len(names) > MAX_SKILLS_LEARNED:
        raise ValidationFailed.for_field("skills_learned", f"At most {MAX_SKILLS_LEARNED} skills.")
    if any(len(name) > 100 for name in names):
        raise ValidationFailed.for_field("skills_learned", "A skill name has at most 100 characters.")
    return names


def mentor_rating_figures(*, mentor_id) -> dict:
    """The mentor's public rating from the learner→mentor reviews: average (2 decimals), total,
    per-star counts and per-aspect averages."""
    public = Review.objects.filter(mentor_id=mentor_id, direction=ReviewDirection.LEARNER_TO_MENTOR)
    totals = public.aggregate(average=Avg("rating"), total=Count("id"))
    counts = dict(public.order_by().values("rating").annotate(n=Count("id")).values_list("rating", "n"))
    sums: dict[str, list[int]] = {name: [] for name in ASPECTS}
    for aspects in public.exclude(aspects={}).values_list("aspects", flat=True):
        for name, value in (aspects or {}).items():
            if name in sums:
                sums[name].append(int(value))
    average = Decimal(str(totals["average"] or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "average_rating": average,
        "total_reviews": totals["total"],
        "rating_distribution": {str(star): counts.get(star, 0) for star in range(1, 6)},
        "aspect_averages": {
            name: (round(sum(values) / len(values), 2) if values else None) for name, values in sums.items()
        },
    }


def review_create(
    *,
    booking_id,
    user,
    rating: Any,
    text: str = "",
    aspects: Any = None,
    skills_learned: Any = None,
    now: datetime | None = None,
) -> Review:
    now = now or timezone.now()
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationFailed.for_field("rating", "A whole number from 1 to 5.")
    aspects = _clean_aspects(aspects)
    skills = _clean_skills(skills_learned)
    with transaction.atomic():
        booking = lock_booking(booking_id, for_user=user)
        who = party(booking, user)
        if who not in (Party.LEARNER, Party.MENTOR):
            raise errors.BookingNotFound()
        if booking.status not in policy.REVIEWABLE:
            raise errors.ReviewNotAllowed(
                "Only a completed session can be reviewed.", details={"status": booking.status}
            )
        if not policy.review_open(booking, now=now):
            window_ends = policy.review_closes(booking)
            raise errors.ReviewNotAllowed(
                f"Reviews are open for {settings.BOOKINGS_REVIEW_WINDOW_DAYS} days after the session.",
                details={"reason": "review_window_closed", "closed_at": window_ends},
            )
        direction = (
            ReviewDirection.LEARNER_TO_MENTOR if who == Party.LEARNER else ReviewDirection.MENTOR_TO_LEARNER
        )
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    booking=booking,
                    reviewer=user,
                    mentor=booking.mentor,
                    direction=direction,
                    rating=rating,
                    text=(text or "")[:5000],
                    aspects=aspects,
                    skills_learned=skills,
                )
        except IntegrityError:  # two taps at once: the other one wrote it
            raise errors.AlreadyReviewed() from None
        if direction == ReviewDirection.LEARNER_TO_MENTOR:
            mentor_services.mentor_rating_recompute(
                mentor_id=booking.mentor_id,
                compute=lambda: mentor_rating_figures(mentor_id=booking.mentor_id),
            )
        for name in skills:
            # A skill the learner has already stays as it is.
            with suppress(SkillAlreadyAdded):
                user_skill_add(
                    user=booking.learner,
                    skill_name=name,
                    proficiency_level=ProficiencyLevel.BEGINNER,
                    source=SkillSource.SESSION,
                )
        audit(booking, actor=user, action="review", rating=rating, direction=direction)
        notifications.review_received(review, booking)
        review_written.send(sender=Review, review=review)
    return review


def review_may_respond(review: Review, *, user) -> bool:
    """The one rule of answering (API.md §3): the reviewed mentor answers a learner's review,
    once. The page asks it to show the answer form; review_respond enforces it. Needs
    `review.booking.mentor` loaded."""
    return (
        review.direction == ReviewDirection.LEARNER_TO_MENTOR
        and review.booking.mentor.user_id == user.pk
        and not review.mentor_response
    )


def review_respond(*, review_id, user, response: str, now: datetime | None = None) -> Review:
    now = now or timezone.now()
    response = (response or "").strip()
    if not response:
        raise ValidationFailed.for_field("response", "Write your answer first.")
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("booking__mentor__user", "booking__learner", "reviewer")
            .filter(pk=review_id)
            .first()
        )
        if review is None or review.direction != ReviewDirection.LEARNER_TO_MENTOR:
            raise errors.ReviewNotFound()
        if not review_may_respond(review, user=user):
            if review.mentor_response:
                raise errors.AlreadyReviewed("You have already responded to this review.")
            # Public reviews exist for anyone to read; only their mentor may answer.
            raise errors.NotAParty("Only the reviewed mentor can respond.")
        review.mentor_response = response[:5000]
        review.responded_at = now
        review.save(update_fields=["mentor_response", "responded_at"])
        audit(review.booking, actor=user, action="review_response", review_id=review.pk)
        notifications.review_response(review, review.booking)
    return review
