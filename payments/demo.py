"""Demo data of payments for `manage.py seed_demo`: a package for each approved mentor with a
rate, and the welcome credit for every account that has no wallet yet. Safe to run again."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import User
from mentors.models import MentorProfile, MentorStatus
from payments import services
from payments.models import CreditWallet, Package


def seed(stdout) -> None:
    packages = 0
    for mentor in MentorProfile.objects.filter(status=MentorStatus.APPROVED, hourly_rate__isnull=False):
        if Package.objects.filter(mentor=mentor).exists():
            continue
        # Five hours for the price of four and a half.
        services.package_create(
            mentor=mentor,
            name="Five sessions",
            description="Five one-hour sessions, to be used within three months.",
            session_count=5,
            price=(mentor.hourly_rate * Decimal("4.5")).quantize(Decimal("0.01")),
            duration_minutes=60,
            validity_days=90,
        )
        packages += 1
    wallets = 0
    for user in User.objects.live().exclude(pk__in=CreditWallet.objects.values("user_id")):
        services.credits_grant_initial(user=user)
        wallets += 1
    stdout.write(f"payments: {packages} packages, {wallets} welcome credits")
