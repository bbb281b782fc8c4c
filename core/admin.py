"""Admin pieces every app uses."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline over rows only services write (money, audit, bookings,
    messages): staff look, and act through admin actions that call those services, but never
    add, edit or delete a row by hand. Put it first: `class X(ReadOnlyAdminMixin, admin.ModelAdmin)`."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
