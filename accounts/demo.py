"""Demo accounts for `manage.py seed_demo`. Passwords are for a local demo only.

Safe to run again: accounts, profiles, skills and pictures are only added where missing.
"""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts import services, taxonomy
from accounts.models import LearnerProfile, Persona, User, UserSkill

DEMO_PASSWORD = "mentora-demo-2026"


@cache
def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once for every demo account: Argon2 takes a good part of a second per
    hash by design, and about fifty accounts hashed one by one made most of seed_demo's time."""
    return make_password(DEMO_PASSWORD)


DEMO_USERS = [
    {"email": "staff@mentora.local", "full_name": "Sam Staff", "is_staff": True, "is_superuser": True},
    {
        "email": "learner@mentora.local",
        "full_name": "Lea Learner",
        "username": "lea",
        "persona": Persona.BEGINNER,
    },
    {"email": "ada@mentora.local", "full_name": "Ada Accessible", "persona": Persona.DISABLED},
]

# A handful of learners with filled profiles: (account, learner profile, skills, picture colour)
DEMO_LEARNERS = [
    (
        {
            "email": "maya@mentora.local",
            "full_name": "Maya Okafor",
            "bio": "Final-year computer science student who wants to ship her first open-source library.",
            "location_city": "Lagos",
            "location_country": "NG",
            "location_lat": Decimal("6.524379"),
            "location_lng": Decimal("3.379206"),
            "timezone": "Africa/Lagos",
            "currency": "NGN",
            "persona": Persona.MID_LEVEL,
        },
        {
            "grade_level": "undergraduate",
            "school_name": "University of Lagos",
            "learning_goals": "Publish a Python package and get my first code review from a senior engineer.",
            "interests": ["python", "open source", "testing"],
        },
        [
            ("Python", "Tech & Digital Innovation", "intermediate"),
            ("Git", "Tech & Digital Innovation", "beginner"),
        ],
        (37, 99, 235),
    ),
    (
        {
            "email": "jonas@mentora.local",
            "full_name": "Jonas Weber",
            "bio": "Product designer moving into UX research.",
            "location_city": "Berlin",
            "location_country": "DE",
            "location_lat": Decimal("52.520008"),
            "location_lng": Decimal("13.404954"),
            "timezone": "Europe/Berlin",
            "currency": "EUR",
            "preferred_language": "de",
            "persona": Persona.EXPERIENCED,
        },
        {
            "grade_level": "professional",
            "school_name": "Freelance",
            "learning_goals": "Plan and run my first round of user interviews.",
            "interests": ["ux research", "interviewing"],
        },
        [("User research", "Creativity & Arts", "beginner"), ("Figma", "Creativity & Arts", "advanced")],
        (5, 150, 105),
    ),
    (
        {
            "email": "aiko@mentora.local",
            "full_name": "Aiko Tanaka",
            "bio": "High-school student preparing for an exchange year.",
            "location_city": "Osaka",
            "location_country": "JP",
            "timezone": "Asia/Tokyo",
            "currency": "JPY",
            "preferred_language": "ja",
            "persona": Persona.BEGINNER,
        },
        {
            "grade_level": "high_school",
            "school_name": "Osaka Prefectural High School",
            "learning_goals": "Hold a 20-minute conversation in English without notes.",
            "interests": ["english", "travel"],
        },
        [("English", "Languages & Culture", "intermediate")],
        (190, 24, 93),
    ),
    (
        {
            "email": "carlos@mentora.local",
            "full_name": "Carlos Mendes",
            "bio": "Parent at home with two kids, building a small bakery business.",
            "location_city": "Lisbon",
            "location_country": "PT",
            "timezone": "Europe/Lisbon",
            "currency": "EUR",
            "preferred_language": "pt",
            "persona": Persona.STAY_AT_HOME,
        },
        {
            "grade_level": "other",
            "school_name": "",
            "learning_goals": "Price my products and set up online orders.",
            "interests": ["small business", "baking"],
        },
        [("Bookkeeping", "Business & Entrepreneurship", "beginner")],
        (217, 119, 6),
    ),
    (
        {
            "email": "priya@mentora.local",
            "full_name": "Priya Nair",
            "bio": "Data analyst learning machine learning in the evenings.",
            "location_city": "Bengaluru",
            "location_country": "IN",
            "timezone": "Asia/Kolkata",
            "currency": "INR",
            "persona": Persona.MID_LEVEL,
        },
        {
            "grade_level": "professional",
            "school_name": "Acme Analytics",
            "learning_goals": "Deploy a model that predicts churn.",
            "interests": ["machine learning", "sql"],
        },
        [
            ("SQL", "Tech & Digital Innovation", "advanced"),
            ("Machine learning", "Tech & Digital Innovation", "beginner"),
        ],
        (124, 58, 237),
    ),
]


def _ensure_user(spec: dict) -> tuple[User, bool]:
    spec = dict(spec)
    email = spec.pop("email")
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            **spec,
            "is_verified": True,
            "onboarding_completed": True,
            "password": demo_password_hash(),
        },
    )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user, created


def avatar_picture(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A round picture with the person's initials, drawn at seed time."""
    size = 256
    picture = Image.new("RGB", (size, size), (245, 247, 250))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, size - 8, size - 8), fill=colour)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), anchor="mm", font_size=96)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return SimpleUploadedFile(f"{initials.lower()}.png", out.getvalue(), content_type="image/png")


def seed(stdout) -> None:
    for spec in DEMO_USERS:
        user, created = _ensure_user(spec)
        stdout.write(f"  {'created' if created else 'kept'} {user.email}")

    # The taxonomy is the mentors app's (loaded by its migrations); file skills under it by name.
    categories = {ref.name: ref.id for ref in taxonomy.category_choices()}

    for account, profile, skills, colour in DEMO_LEARNERS:
        user, created = _ensure_user(account)
        LearnerProfile.objects.get_or_create(user=user, defaults=profile)
        for skill_name, category, level in skills:
            skill = services.skill_get_or_create(name=skill_name)
            UserSkill.objects.get_or_create(
                user=user,
                skill=skill,
                defaults={"category_id": categories.get(category), "proficiency_level": level},
            )
        if not user.avatar:
            services.avatar_set(user=user, upload=avatar_picture(user.full_name, colour))
        stdout.write(f"  {'created' if created else 'kept'} learner {user.email}")

    # issue 18: the demo learner's onboarding interview and AI profile
    from accounts.profiling import demo as profiling_demo

    profiling_demo.seed(stdout)
