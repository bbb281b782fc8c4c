"""accounts' own listeners to its signals; connected in AccountsConfig.ready."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.models import LearnerProfile, User
from accounts.signals import user_registered


@receiver(user_registered, sender=User, dispatch_uid="accounts.learner_profile_on_registration")
def create_learner_profile(sender, user: User, **kwargs) -> None:
    # Every account is a learner (API.md §0), so each starts with its learner profile; inside the
    # registration transaction, so a failed sign-up leaves none behind.
    LearnerProfile.objects.get_or_create(user=user)
