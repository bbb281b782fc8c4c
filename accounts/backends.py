from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class EmailOrUsernameBackend(ModelBackend):
    """Log in with e-mail or username (X logs in by username, the others by e-mail).

    Soft-deleted and deactivated accounts never authenticate.
    """

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        identifier = (email or username or kwargs.get(get_user_model().USERNAME_FIELD) or "").strip()
        if not identifier or password is None:
            return None
        User = get_user_model()
        user = (
            User.objects.filter(Q(email__iexact=identifier) | Q(username__iexact=identifier))
            .order_by("date_joined")
            .first()
        )
        if user is None:
            # Hash anyway so that response time does not tell which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and getattr(user, "deleted_at", None) is None
