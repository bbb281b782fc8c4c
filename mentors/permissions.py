"""Who may call what, for API views of any app that serve mentors."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from mentors import selectors
from mentors.models import MentorStatus


class IsMentor(BasePermission):
    """An approved mentor profile (API.md §0, the `mentor` of the Who column). The profile is
    left on `request.mentor_profile` for the view. Anonymous callers get 401, others 403."""

    message = "Only approved mentors can do this."

    def has_permission(self, request, view) -> bool:
        profile = selectors.mentor_get_for_owner(user=request.user) if request.user.is_authenticated else None
        request.mentor_profile = profile
        return profile is not None and profile.status == MentorStatus.APPROVED
