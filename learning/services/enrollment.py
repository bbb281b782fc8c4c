"""Enrollment: the one way into a course, workshop or cohort (API.md §6)."""

from __future__ import annotations


def refund_allowed(enrollment) -> bool:
    return False


def enrollment_mark_paid(*, enrollment_id, method: str) -> None:
    return None


def enrollment_cancel_refunded(*, enrollment_id) -> None:
    return None
