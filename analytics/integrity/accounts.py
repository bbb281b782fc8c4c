"""Accounts and their role profiles.

Every account is a learner (API.md §0) and gets a LearnerProfile at sign-up; an account holds
the mentor role (`is_mentor`) only because staff approved its MentorProfile (mentors'
`mentor_approve` sets both in one transaction). A missing learner profile is recreated empty,
as `learner_profile_ensure` would on first use. The mentor role is never granted or taken away
automatically: which side is wrong (the flag or the profile) is a staff decision.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from accounts.models import LearnerProfile, User
from accounts.services import learner_profile_ensure
from analytics.integrity.base import Check, Fix
from mentors.models import MentorProfile, MentorStatus


def _without_learner_profile():
    # Soft-deleted accounts keep (an anonymised) profile, but one missing there harms nobody.
    return User.objects.live().filter(~Exists(LearnerProfile.objects.filter(user=OuterRef("pk"))))


def _repair_learner_profile(pk) -> Fix | None:
    # The account's row lock, as sign-up holds it while the profile is created.
    user = User.objects.select_for_update().filter(pk=pk, deleted_at__isnull=True).first()
    if user is None or LearnerProfile.objects.filter(user=user).exists():
        return None
    learner_profile_ensure(user=user)
    return Fix(code="learner_profile_missing", target=user, details={"created": "accounts.learnerprofile"})


def _mentors_without_profile():
    return User.objects.live().filter(
        ~Exists(MentorProfile.objects.filter(user=OuterRef("pk"))), is_mentor=True
    )


def _mentors_without_approval():
    return User.objects.live().filter(
        Exists(MentorProfile.objects.filter(user=OuterRef("pk")).exclude(status=MentorStatus.APPROVED)),
        is_mentor=True,
    )


def _approved_without_role():
    return MentorProfile.objects.filter(
        status=MentorStatus.APPROVED, user__is_mentor=False, user__deleted_at__isnull=True
    )


def _profiles_without_user():
    # The schema forbids this (a NOT NULL foreign key with CASCADE), so it finds only rows
    # written past the constraints: a restore with triggers off, a hand-made import.
    return MentorProfile.objects.filter(~Exists(User.objects.filter(pk=OuterRef("user_id"))))


CHECKS = [
    Check(
        code="learner_profile_missing",
        description="Accounts without their learner profile (every account is a learner).",
        rows=_without_learner_profile,
        repair_one=_repair_learner_profile,
    ),
    Check(
        code="mentor_profile_missing",
        description="Accounts with the mentor role but no mentor profile at all.",
        rows=_mentors_without_profile,
    ),
    Check(
        code="mentor_role_without_approval",
        description="Accounts with the mentor role whose mentor profile is not approved.",
        rows=_mentors_without_approval,
    ),
    Check(
        code="approved_mentor_without_role",
        description="Approved mentor profiles whose account lacks the mentor role (ids are mentor profiles).",
        rows=_approved_without_role,
    ),
    Check(
        code="mentor_profile_without_user",
        description="Mentor profiles whose account row is gone (ids are mentor profiles).",
        rows=_profiles_without_user,
    ),
]
