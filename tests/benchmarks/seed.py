"""The data `make bench` measures on, written in bulk: approved mentors at scale, their weekly hours
in several time zones, subjects, skills and categories from the taxonomy the migrations load,
profile embeddings, reviews from past sessions, and a few hundred learners with credits.

Idempotent: people are numbered (`bench-mentor-000042@bench.invalid`), a run adds only the
numbers still missing, in chunks of one transaction each, and then embeds the profiles whose
vector is missing. Asking for 100,000 after 10,000 adds 90,000.

Profiles are built from a few hundred archetypes (one per subject and wording), so their texts
repeat: the embedding model runs once per distinct text and the vectors are written through the
project's own `mentor_embeddings_refresh`, so they are stored wherever and however the app keeps
them. The first BOOKABLE mentors are free around the clock in UTC with no notice, so the booking
benchmark can pick distinct free hours of theirs without asking the server.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from unittest import mock

LEARNERS = 300
BOOKABLE = 64  # mentors free 24 h a day in UTC, for the booking benchmark
BOOKABLE_ADVANCE_DAYS = 365
LEARNER_CREDITS = 1_000_000
CHUNK = 2000
DOMAIN = "bench.invalid"

ZONES = [
    ("Berlin", "Europe/Berlin", 52.52, 13.405),
    ("London", "Europe/London", 51.5072, -0.1276),
    ("New York", "America/New_York", 40.7128, -74.006),
    ("Tokyo", "Asia/Tokyo", 35.6762, 139.6503),
    ("San Francisco", "America/Los_Angeles", 37.7749, -122.4194),
    ("Bangalore", "Asia/Kolkata", 12.9716, 77.5946),
    ("Sydney", "Australia/Sydney", -33.8688, 151.2093),
    ("São Paulo", "America/Sao_Paulo", -23.5505, -46.6333),
    ("Nairobi", "Africa/Nairobi", -1.2921, 36.8219),
    ("Madrid", "Europe/Madrid", 40.4168, -3.7038),
]
# Weekly hours, local to the mentor's zone: (weekdays, start hour, end hour), several per mentor.
HOURS = [
    [(range(5), 9, 12), (range(5), 13, 17)],
    [(range(4), 18, 21), ((5, 6), 10, 14)],
    [((0, 2, 4), 7, 10), ((1, 3), 16, 20)],
    [((1, 3), 10, 16), ((5,), 9, 12)],
    [(range(7), 8, 11)],
]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun", "Kemi", "Luis"]
LAST = ["Silva", "Novak", "Okafor", "Tanaka", "Schmidt", "Patel", "Rossi", "Kim", "Haddad", "Berg"]
TITLES = ["{} Tutor", "Senior {} Mentor", "{} Coach"]
HEADLINES = [
    "Clear, patient lessons in {} for every level",
    "Ten years of teaching {}: exam prep and real projects",
    "Learn {} by doing, one session at a time",
]
SKILL_SUFFIXES = ["fundamentals", "exam preparation", "projects"]
GOALS = [
    ("I want to become a UX designer", ["design", "user research"]),
    ("Pass my calculus exam", ["mathematics"]),
    ("Learn Python for data analysis", ["python", "statistics"]),
    ("Improve my spoken English", ["english", "public speaking"]),
    ("Get better at guitar", ["music"]),
]


def _email(kind: str, number: int) -> str:
    return f"bench-{kind}-{number:06d}@{DOMAIN}"


def _archetypes(subjects) -> list[dict]:
    """Three wordings per subject, each teaching it and one neighbour from its category."""
    by_category: dict = {}
    for subject in subjects:
        by_category.setdefault(subject.category_id, []).append(subject)
    found = []
    for subject in subjects:
        siblings = [s for s in by_category[subject.category_id] if s.pk != subject.pk]
        for wording in range(3):
            taught = [subject] + siblings[wording : wording + 1]
            found.append(
                {
                    "subjects": taught,
                    "categories": {c for s in taught for c in (s.category_id, s.subcategory_id) if c},
                    "skills": [f"{subject.name} {SKILL_SUFFIXES[wording]}"],
                    "title": TITLES[wording].format(subject.name)[:120],
                    "headline": HEADLINES[wording].format(subject.name)[:200],
                    "bio": (
                        f"I teach {subject.name} to learners from beginners to professionals. "
                        f"Sessions mix explanation, practice and feedback on your own work."
                    ),
                }
            )
    return found


def _skills(archetypes):
    from accounts.models import Skill
    from accounts.services import normalize_skill_name

    names = sorted({name for a in archetypes for name in a["skills"]} | {t for _, ts in GOALS for t in ts})
    wanted = {normalize_skill_name(name): name for name in names}
    existing = set(Skill.objects.filter(normalized_name__in=wanted).values_list("normalized_name", flat=True))
    Skill.objects.bulk_create(
        [Skill(name=name, normalized_name=key) for key, name in wanted.items() if key not in existing],
        ignore_conflicts=True,
    )
    return {s.normalized_name: s for s in Skill.objects.filter(normalized_name__in=wanted)}


def _seed_learners(count: int, skills) -> None:
    from django.db import transaction

    from accounts.models import LearnerProfile, User, UserSkill
    from accounts.services import normalize_skill_name
    from payments.models import CreditEntry, CreditEntryType, CreditWallet

    have = set(User.objects.filter(email__startswith="bench-learner-").values_list("email", flat=True))
    missing = [n for n in range(count) if _email("learner", n) not in have]
    if not missing:
        return
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=_email("learner", n),
                    full_name=f"{FIRST[n % len(FIRST)]} {LAST[n % len(LAST)]}",
                    password="!bench",  # unusable: nobody logs in, tokens are minted
                    timezone=ZONES[n % len(ZONES)][1],
                    is_verified=True,
                    onboarding_completed=True,
                )
                for n in missing
            ],
            batch_size=CHUNK,
        )
        wallets = CreditWallet.objects.bulk_create(
            [CreditWallet(user=u, balance=LEARNER_CREDITS, lifetime_purchased=LEARNER_CREDITS) for u in users]
        )
        CreditEntry.objects.bulk_create(
            [
                CreditEntry(
                    wallet=w,
                    type=CreditEntryType.PURCHASED,
                    amount=LEARNER_CREDITS,
                    balance_after=LEARNER_CREDITS,
                    description="Benchmark credits",
                    reference="bench:grant",
                )
                for w in wallets
            ]
        )
        profiles, user_skills = [], []
        for n, user in zip(missing, users, strict=True):
            goal, interests = GOALS[n % len(GOALS)]
            profiles.append(LearnerProfile(user=user, learning_goals=goal, interests=interests))
            skill = skills.get(normalize_skill_name(interests[0]))
            if skill is not None:
                user_skills.append(UserSkill(user=user, skill=skill, proficiency_level="beginner"))
        LearnerProfile.objects.bulk_create(profiles, ignore_conflicts=True)
        UserSkill.objects.bulk_create(user_skills, ignore_conflicts=True)


def _seed_mentor_chunk(numbers: list[int], archetypes, skills, learner_ids, rng) -> None:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import normalize_skill_name
    from bookings.models import Booking, BookingStatus, PaymentMethod, Review, ReviewDirection
    from mentors.models import LessonType, MentorProfile, MentorStatus, Schedule, ScheduleEntry

    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=_email("mentor", n),
                    full_name=f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}",
                    password="!bench",
                    timezone="UTC" if n < BOOKABLE else ZONES[n % len(ZONES)][1],
                    is_mentor=True,
                    is_verified=True,
                    onboarding_completed=True,
                    active_mode="mentor",
                    intended_role="mentor",
                )
                for n in numbers
            ],
            batch_size=CHUNK,
        )
        plans = []
        for n, user in zip(numbers, users, strict=True):
            archetype = archetypes[(n * 7919) % len(archetypes)]
            reviews = [
                rng.choices([5, 4, 3, 2, 1], weights=[50, 30, 12, 5, 3])[0] for _ in range(rng.randint(0, 8))
            ]
            plans.append((n, user, archetype, reviews))
        profiles = MentorProfile.objects.bulk_create(
            [
                MentorProfile(
                    user=user,
                    status=MentorStatus.APPROVED,
                    title=a["title"],
                    headline=a["headline"],
                    bio=a["bio"],
                    years_of_experience=1 + n % 25,
                    languages=["en"] if n % 3 else ["en", "es"],
                    hourly_rate=Decimal(20 + (n * 37) % 130),
                    currency="USD",
                    credit_price=1,
                    lesson_types=[LessonType.VIDEO],
                    is_verified=True,
                    city=ZONES[n % len(ZONES)][0],
                    latitude=ZONES[n % len(ZONES)][2] + rng.uniform(-0.2, 0.2),
                    longitude=ZONES[n % len(ZONES)][3] + rng.uniform(-0.2, 0.2),
                    average_rating=(
                        (Decimal(sum(r)) / len(r)).quantize(Decimal("0.01")) if r else Decimal("0.00")
                    ),
                    total_reviews=len(r),
                    rating_distribution={str(s): r.count(s) for s in range(1, 6)},
                    total_sessions_completed=len(r),
                    submitted_at=now - datetime.timedelta(days=200),
                    approved_at=now - datetime.timedelta(days=199),
                )
                for n, user, a, r in plans
            ],
            batch_size=CHUNK,
        )
        subjects_through = MentorProfile.subjects.through
        categories_through = MentorProfile.categories.through
        skills_through = MentorProfile.skills.through
        subjects_through.objects.bulk_create(
            [
                subjects_through(mentorprofile_id=p.pk, subject_id=s.pk)
                for p, (_, _, a, _) in zip(profiles, plans, strict=True)
                for s in a["subjects"]
            ],
            batch_size=CHUNK * 3,
        )
        categories_through.objects.bulk_create(
            [
                categories_through(mentorprofile_id=p.pk, category_id=c)
                for p, (_, _, a, _) in zip(profiles, plans, strict=True)
                for c in a["categories"]
            ],
            batch_size=CHUNK * 3,
        )
        skills_through.objects.bulk_create(
            [
                skills_through(mentorprofile_id=p.pk, skill_id=skills[normalize_skill_name(name)].pk)
                for p, (_, _, a, _) in zip(profiles, plans, strict=True)
                for name in a["skills"]
            ],
            batch_size=CHUNK * 3,
        )
        schedules = Schedule.objects.bulk_create(
            [
                Schedule(
                    mentor=p,
                    timezone="UTC" if n < BOOKABLE else ZONES[n % len(ZONES)][1],
                    min_notice_hours=0 if n < BOOKABLE else 12,
                    max_advance_days=BOOKABLE_ADVANCE_DAYS if n < BOOKABLE else 90,
                )
                for p, (n, *_) in zip(profiles, plans, strict=True)
            ],
            batch_size=CHUNK,
        )
        entries = []
        for schedule, (n, *_) in zip(schedules, plans, strict=True):
            blocks = [(range(7), 0, 24)] if n < BOOKABLE else HOURS[n % len(HOURS)]
            for days, start, end in blocks:
                for day in days:
                    entries.append(
                        ScheduleEntry(
                            schedule=schedule,
                            kind=ScheduleEntry.Kind.RULE,
                            day_of_week=day,
                            start_time=datetime.time(start),
                            end_time=datetime.time(23, 59) if end == 24 else datetime.time(end),
                            slot_duration_minutes=60,
                        )
                    )
        ScheduleEntry.objects.bulk_create(entries, batch_size=CHUNK * 5)
        bookings, ratings = [], []
        for profile, (n, _, a, reviews) in zip(profiles, plans, strict=True):
            for k, rating in enumerate(reviews):
                start = (now - datetime.timedelta(days=3 + 7 * k + n % 7)).replace(
                    minute=0, second=0, microsecond=0
                )
                end = start + datetime.timedelta(hours=1)
                bookings.append(
                    Booking(
                        mentor=profile,
                        learner_id=learner_ids[(n + k) % len(learner_ids)],
                        subject=a["subjects"][0],
                        topic=a["subjects"][0].name[:200],
                        start_at=start,
                        end_at=end,
                        duration_minutes=60,
                        price=profile.hourly_rate,
                        currency="USD",
                        credit_price=1,
                        payment_method=PaymentMethod.CREDITS,
                        status=BookingStatus.COMPLETED,
                        status_changed_at=end,
                        paid_at=start - datetime.timedelta(days=2),
                        confirmed_at=start - datetime.timedelta(days=2),
                        started_at=start,
                        ended_at=end,
                        completed_at=end,
                    )
                )
                ratings.append(rating)
        bookings = Booking.objects.bulk_create(bookings, batch_size=CHUNK * 2)
        Review.objects.bulk_create(
            [
                Review(
                    booking=b,
                    reviewer_id=b.learner_id,
                    mentor_id=b.mentor_id,
                    direction=ReviewDirection.LEARNER_TO_MENTOR,
                    rating=rating,
                    text="Clear explanations and useful practice." if rating >= 4 else "It was fine.",
                )
                for b, rating in zip(bookings, ratings, strict=True)
            ],
            batch_size=CHUNK * 2,
        )


def _embed_deduplicated(real_embed):
    """embeddings.embed that runs the model once per distinct text (profiles repeat)."""
    cache: dict = {}

    def embed(texts):
        import numpy as np

        fresh = sorted({t for t in texts if t not in cache})
        if fresh:
            cache.update(zip(fresh, real_embed(fresh), strict=True))
        if not texts:
            return real_embed(texts)
        return np.stack([cache[t] for t in texts])

    return embed


def _embed_missing(out) -> int:
    from mentors.matching import embeddings, mentor_embeddings_refresh
    from mentors.models import MentorProfile

    bench = MentorProfile.objects.filter(user__email__startswith="bench-mentor-")
    if any(f.name == "embedding_digest" for f in MentorProfile._meta.get_fields()):
        bench = bench.filter(embedding_digest="")  # else the refresh itself skips fresh ones
    ids = list(bench.order_by("pk").values_list("pk", flat=True))
    written = 0
    with mock.patch.object(embeddings, "embed", _embed_deduplicated(embeddings.embed)):
        for start in range(0, len(ids), CHUNK):
            written += mentor_embeddings_refresh(mentor_ids=ids[start : start + CHUNK])
            out(f"  embedded {min(start + CHUNK, len(ids))}/{len(ids)} profiles")
    return written


def seed(*, mentors: int, learners: int = LEARNERS, out=print) -> None:
    """Make sure `mentors` bench mentors and `learners` bench learners exist (django.setup() done)."""
    from accounts.models import User
    from mentors.models import Subject

    started = time.monotonic()
    subjects = list(Subject.objects.filter(is_active=True).select_related("category").order_by("name"))
    if not subjects:
        raise RuntimeError("no subjects: the taxonomy migration has not run on this database")
    archetypes = _archetypes(subjects)
    skills = _skills(archetypes)
    _seed_learners(learners, skills)
    learner_ids = list(
        User.objects.filter(email__startswith="bench-learner-").order_by("email").values_list("pk", flat=True)
    )
    have = set(User.objects.filter(email__startswith="bench-mentor-").values_list("email", flat=True))
    missing = [n for n in range(mentors) if _email("mentor", n) not in have]
    if missing:
        out(f"seeding {len(missing)} mentors ({len(archetypes)} profile archetypes)")
    rng = random.Random(14)
    for start in range(0, len(missing), CHUNK):
        _seed_mentor_chunk(missing[start : start + CHUNK], archetypes, skills, learner_ids, rng)
        out(f"  mentors {min(start + CHUNK, len(missing))}/{len(missing)}")
    embedded = _embed_missing(out)
    _refresh_maintained_columns(out)
    _analyze(out)
    if missing or embedded:
        out(f"seeded in {time.monotonic() - started:.0f} s")
    else:
        out(f"already seeded: {mentors} mentors, {learners} learners")


def _analyze(out) -> None:
    """Give the planner statistics of what was just loaded. Autovacuum analyzes a bulk-loaded
    table only some time later: until then PostgreSQL takes 10,000 mentors for one row and
    plans the search as a nested loop over every user (226 ms a page here instead of 2 ms),
    which measures the missing statistics, not Mentora. Production databases are analyzed by
    autovacuum as they grow; the bench loads everything at once, so it analyzes itself."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out("  planner statistics gathered (ANALYZE)")


def _refresh_maintained_columns(out) -> None:
    """bulk_create skips the services that keep the search columns: the price in the base
    currency and the stored next free slot (which also goes stale between runs, as the beat job
    that refreshes it does not run here)."""
    from mentors.services import free_time_refresh_all, mentor_prices_normalize

    mentor_prices_normalize(currencies=["USD"])
    out(f"  next free slot refreshed for {free_time_refresh_all()} mentors")


def bookable_mentor_ids() -> list:
    from mentors.models import MentorProfile

    emails = [_email("mentor", n) for n in range(BOOKABLE)]
    return list(
        MentorProfile.objects.filter(user__email__in=emails)
        .order_by("user__email")
        .values_list("pk", flat=True)
    )


def learner_ids() -> list:
    from accounts.models import User

    return list(
        User.objects.filter(email__startswith="bench-learner-").order_by("email").values_list("pk", flat=True)
    )
