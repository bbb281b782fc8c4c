"""Celery tasks of mentors: load by id, call one function (STYLE.md)."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def refresh_mentor_embedding(mentor_id: str) -> bool:
    """Re-embed a mentor's profile text after an edit (queued on commit by mentors.receivers)."""
    from mentors import matching

    return matching.mentor_embedding_refresh(mentor_id=mentor_id)
