"""mentors' listeners: a change to what a mentor's profile says queues a new embedding.

Connected in MentorsConfig.ready. The task is queued on commit (STYLE.md): never for a change
that was rolled back, and never before the worker could read the new text. Saves that touch
only other fields (ratings, status, location) queue nothing; a queued task whose text turns out
unchanged costs two queries and no model run (mentors.matching compares digests).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from core.exchange import rates_changed
from mentors import slot_cache
from mentors.matching import TEXT_FIELDS, matrix
from mentors.models import MentorEmbedding, MentorProfile, Schedule


def queue_embedding_refresh(mentor_ids) -> None:
    from mentors.tasks import refresh_mentor_embedding

    for mentor_id in {str(pk) for pk in mentor_ids}:
        refresh_mentor_embedding.delay_on_commit(mentor_id)


@receiver(post_save, sender=MentorProfile, dispatch_uid="mentors.embed_on_profile_save")
def profile_saved(
    sender, instance: MentorProfile, created: bool, update_fields=None, raw=False, **kwargs
) -> None:
    if raw or (update_fields is not None and not TEXT_FIELDS & set(update_fields)):
        return
    queue_embedding_refresh([instance.pk])


def _tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        queue_embedding_refresh([instance.pk])
    elif pk_set:  # edited from the category's or subject's side: pk_set holds the mentors
        queue_embedding_refresh(pk_set)


m2m_changed.connect(
    _tags_changed, sender=MentorProfile.categories.through, dispatch_uid="mentors.embed_on_categories"
)
m2m_changed.connect(
    _tags_changed, sender=MentorProfile.subjects.through, dispatch_uid="mentors.embed_on_subjects"
)
m2m_changed.connect(
    _tags_changed, sender=MentorProfile.skills.through, dispatch_uid="mentors.embed_on_skills"
)


# --- the rate in the base currency (mentors.services.free_time) --------------------------------


@receiver(pre_save, sender=MentorProfile, dispatch_uid="mentors.normalize_rate_on_save")
def normalize_rate(sender, instance: MentorProfile, raw=False, update_fields=None, **kwargs) -> None:
    """Every save that may change the rate or its currency stores it in the base currency too
    (a save naming its fields names `hourly_rate_base` with them: mentors.services.mentor_update)."""
    if raw or (update_fields is not None and "hourly_rate_base" not in update_fields):
        return
    from mentors.services import hourly_rate_in_base

    instance.hourly_rate_base = hourly_rate_in_base(instance)


@receiver(rates_changed, dispatch_uid="mentors.normalize_rates_on_new_rates")
def rates_were_changed(sender, currencies, **kwargs) -> None:
    """Staff changed exchange rates (sent after commit): recompute those mentors' base rates."""
    from mentors.tasks import normalize_mentor_prices

    normalize_mentor_prices.delay(list(currencies))


# --- the recommendations' matrix (mentors.matching.matrix) ------------------------------------------
# Fields of a profile that the matrix holds or that decide whether a mentor is in it. Saves of
# other fields only (a bio, a next free slot) leave it as it is; a new bio's vector bumps it when
# its embedding is written.
MATRIX_FIELDS = frozenset({"status", "is_accepting_bookings", "average_rating", "total_reviews", "user"})


@receiver(post_save, sender=MentorProfile, dispatch_uid="mentors.matrix_on_profile_save")
@receiver(post_delete, sender=MentorProfile, dispatch_uid="mentors.matrix_on_profile_delete")
def profile_changed_for_matrix(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and not MATRIX_FIELDS & set(update_fields)):
        return
    matrix.changed()


@receiver(post_save, sender=Schedule, dispatch_uid="mentors.matrix_on_schedule_save")
@receiver(post_delete, sender=Schedule, dispatch_uid="mentors.matrix_on_schedule_delete")
def schedule_changed_for_matrix(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and "timezone" not in update_fields):
        return
    matrix.changed()


@receiver(post_delete, sender=MentorEmbedding, dispatch_uid="mentors.matrix_on_embedding_delete")
def embedding_deleted(sender, instance, **kwargs) -> None:
    matrix.changed()


# --- kept slot lists (mentors.slot_cache) ------------------------------------------------------
# Every service that changes a mentor's busy time forgets the mentor's kept slots itself
# (free_time_changed_on_commit, slot_hold_confirm), in bulk too, and busy intervals are written
# nowhere else (read-only in the admin). A schedule is saved from the admin as well: any saved
# or deleted schedule forgets them.


@receiver(post_save, sender=Schedule, dispatch_uid="mentors.forget_slots_on_schedule")
@receiver(post_delete, sender=Schedule, dispatch_uid="mentors.forget_slots_on_schedule_delete")
def schedule_saved(sender, instance: Schedule, raw=False, **kwargs) -> None:
    if not raw:
        slot_cache.forget_on_commit(instance.mentor_id)
