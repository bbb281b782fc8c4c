"""Demo mentors for `manage.py seed_demo`: about 40 approved mentors across the categories, with
sessions and weekly hours in several time zones, a few applications waiting for review, and the
embeddings the recommendations need. Safe to run again: existing mentors are kept as they are.

Everything goes through mentors.services, as a real applicant and staff member would.
"""

from __future__ import annotations

from decimal import Decimal

from allauth.account.models import EmailAddress

from accounts.demo import demo_password_hash
from accounts.models import User
from mentors import matching, services
from mentors.demo.data import CITIES, PENDING, WEEKDAYS_9_TO_5
from mentors.demo.roster import MENTORS
from mentors.models import Category, MentorProfile, MentorStatus, Subject


def _email(name: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{local}@mentors.mentora.local"


def _user(name: str, zone: str) -> tuple[User, bool]:
    email = _email(name)
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "timezone": zone,
            "is_verified": True,
            "onboarding_completed": True,
            "password": demo_password_hash(),
        },
    )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user, created


def _taxonomy(parent: str, child: str) -> list[dict]:
    sub = Category.objects.get(parent__name=parent, name=child)
    return [{"category_id": sub.parent_id, "subcategory_ids": [sub.pk]}]


def _bio(title: str, headline: str, skills: list[str]) -> str:
    return (
        f"{title} by trade, and I have mentored people at every stage of their careers. {headline}. "
        f"In our sessions we work on your own goals and projects, with practical exercises"
        + (f" in {', '.join(skills[:-1])} and {skills[-1]}." if len(skills) > 1 else ".")
    )


def seed(stdout) -> None:
    staff = User.objects.filter(is_staff=True).order_by("date_joined").first()
    subjects = {s.name: str(s.pk) for s in Subject.objects.all()}
    created_ids = []
    for index, (
        name,
        city,
        shares,
        (parent, child),
        title,
        headline,
        subject_names,
        skills,
        rate,
        hours,
    ) in enumerate(MENTORS):
        zone, lat, lng = CITIES[city]
        user, _ = _user(name, zone)
        if MentorProfile.objects.filter(user=user).exists():
            continue
        mentor = services.mentor_apply(
            user=user,
            title=title,
            headline=headline,
            bio=_bio(title, headline, skills),
            hourly_rate=Decimal(rate),
            currency="EUR"
            if zone.startswith("Europe/") and city != "London"
            else "GBP"
            if city == "London"
            else "USD",
            years_of_experience=4 + index % 15,
            languages=["en"] + (["de"] if city == "Berlin" else ["es"] if city == "Madrid" else []),
            lesson_types=["video"] + (["in_person"] if shares else []),
            categories=_taxonomy(parent, child),
            subject_ids=[subjects[s] for s in subject_names if s in subjects],
            skills=skills,
            city=city,
            share_location=shares,
            latitude=lat if shares else None,
            longitude=lng if shares else None,
            availability=hours,
            submit=True,
        )
        services.service_create(
            mentor=mentor,
            title="Intro call",
            duration_minutes=30,
            price=Decimal(rate) / 2,
            description="Get to know each other and set goals.",
        )
        services.service_create(
            mentor=mentor,
            title=f"{child} session",
            duration_minutes=60,
            price=Decimal(rate),
            description=headline,
        )
        if index % 3 == 0:
            services.service_create(
                mentor=mentor,
                title="Deep dive",
                duration_minutes=90,
                price=Decimal(rate) * Decimal("1.4"),
                description="Time for a larger piece of work.",
            )
        services.mentor_approve(mentor=mentor, actor=staff)
        created_ids.append(mentor.pk)
    for name, city, (parent, child), title, subject_names, rate in PENDING:
        zone, _, _ = CITIES[city]
        user, _ = _user(name, zone)
        if MentorProfile.objects.filter(user=user).exists():
            continue
        services.mentor_apply(
            user=user,
            title=title,
            headline=f"{title} ready to help",
            bio=_bio(title, f"I am new to Mentora and keen to help with {child.lower()}", []),
            hourly_rate=Decimal(rate),
            years_of_experience=3,
            languages=["en"],
            categories=_taxonomy(parent, child),
            subject_ids=[subjects[s] for s in subject_names if s in subjects],
            skills=[child],
            availability=WEEKDAYS_9_TO_5,
            submit=True,
        )
    # One batch for every profile the loop made: a few seconds instead of one model run each.
    embedded = matching.mentor_embeddings_refresh(
        mentor_ids=MentorProfile.objects.filter(status=MentorStatus.APPROVED).values_list("pk", flat=True)
    )
    # The directory's stored next open slots, all at once (the services queued one refresh
    # each for a worker, which a first `make run` may not have yet).
    refreshed = services.free_time_refresh_all()
    stdout.write(
        f"  {len(created_ids)} demo mentors added and approved ({len(MENTORS) - len(created_ids)} kept), "
        f"{embedded} profile embeddings computed, {refreshed} next open slots stored"
    )
