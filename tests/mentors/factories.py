from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from accounts.models import Skill
from mentors.models import (
    CalendarFeed,
    Category,
    Favorite,
    MentorProfile,
    MentorStatus,
    Schedule,
    ScheduleEntry,
    Service,
    Subject,
)
from tests.factories import UserFactory


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory, is_mentor=True)
    status = MentorStatus.APPROVED
    title = factory.Faker("job")
    headline = factory.Faker("catch_phrase")
    bio = factory.Faker("paragraph")
    hourly_rate = Decimal("60.00")
    years_of_experience = 5
    languages = factory.LazyFunction(lambda: ["en"])
    is_verified = True


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    mentor = factory.SubFactory(MentorFactory)
    timezone = "UTC"
    min_notice_hours = 0
    max_advance_days = 60


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleEntry

    schedule = factory.SubFactory(ScheduleFactory)
    kind = ScheduleEntry.Kind.RULE
    day_of_week = 0
    start_time = datetime.time(9)
    end_time = datetime.time(17)
    slot_duration_minutes = 60


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    mentor = factory.SubFactory(MentorFactory)
    title = "One-to-one session"
    duration_minutes = 60
    price = Decimal("75.00")


def mentor_with_weekly_hours(
    *, tz: str = "UTC", days=range(7), start=9, end=17, **mentor_fields
) -> MentorProfile:
    """An approved mentor free `start`-`end` local time on `days` (0 = Monday)."""
    mentor = MentorFactory(**mentor_fields)
    schedule = ScheduleFactory(mentor=mentor, timezone=tz)
    for day in days:
        RuleFactory(
            schedule=schedule, day_of_week=day, start_time=datetime.time(start), end_time=datetime.time(end)
        )
    return mentor


# --- taxonomy, skills, favourites (the mentors API tests) ------------------------------------------


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "What this category covers."
    icon = "star"


class SubcategoryFactory(CategoryFactory):
    parent = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Subcategory {n}")
    slug = factory.Sequence(lambda n: f"subcategory-{n}")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.Sequence(lambda n: f"subject-{n}")
    category = factory.SubFactory(CategoryFactory)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("normalized_name",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    normalized_name = factory.LazyAttribute(lambda skill: " ".join(skill.name.split()).casefold())


class FavoriteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Favorite

    learner = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(MentorFactory)


def pending_mentor(**fields) -> MentorProfile:
    """An application waiting for staff: submitted, not yet a mentor."""
    fields.setdefault("submitted_at", datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    return MentorFactory(
        status=MentorStatus.PENDING_APPROVAL, is_verified=False, user__is_mentor=False, **fields
    )


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    """A feed as stored; nothing is fetched (services.calendar_feed_add checks and reads one)."""

    class Meta:
        model = CalendarFeed

    mentor = factory.SubFactory(MentorFactory)
    name = factory.Sequence(lambda n: f"Calendar {n}")
    url = factory.Sequence(lambda n: f"https://calendar.example.test/private-{n}/basic.ics")
