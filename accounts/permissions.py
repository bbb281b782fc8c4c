"""Who may call what, for every app's API views."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class IsStaff(BasePermission):
    """Platform staff (API.md §0: "Staff replaces admin"). Anonymous callers get 401 from DRF
    (no credentials), signed-in non-staff 403."""

    message = "Only staff can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff and user.is_active)
