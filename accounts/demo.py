"""Demo accounts for `manage.py seed_demo`. Passwords are for a local demo only."""

from allauth.account.models import EmailAddress

from accounts.models import Persona, User

DEMO_PASSWORD = "mentora-demo-2026"

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


def seed(stdout) -> None:
    for spec in DEMO_USERS:
        spec = dict(spec)
        email = spec.pop("email")
        user, created = User.objects.get_or_create(
            email=email, defaults={**spec, "is_verified": True, "onboarding_completed": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
        stdout.write(f"  {'created' if created else 'kept'} {email}")
