"""A mentor's profile text and its stored embedding, refreshed when the profile changes."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch

from mentors.matching import embeddings, matrix
from mentors.models import Category, MentorEmbedding, MentorProfile

# Profile fields whose change alters the embedded text (mentors.receivers skips other saves).
TEXT_FIELDS = frozenset({"title", "headline", "bio", "description", "teaching_philosophy"})


def mentor_skill_names(mentor: MentorProfile) -> list[str]:
    return [skill.name for skill in mentor.skills.all()]


def with_text_relations(queryset, *, categories: bool = True):
    """What mentor_profile_text and the reasons read, in four queries for any number of mentors."""
    queryset = queryset.select_related("user").prefetch_related("subjects", "skills")
    if categories:
        queryset = queryset.prefetch_related(
            Prefetch("categories", queryset=Category.objects.select_related("parent"))
        )
    return queryset


def mentor_for_embedding(mentor_id: uuid.UUID) -> MentorProfile | None:
    return with_text_relations(MentorProfile.objects.filter(pk=mentor_id).select_related("embedding")).first()


def _stored_digest(mentor: MentorProfile) -> str | None:
    """The digest of the mentor's stored vector, None without one (its row is loaded with it)."""
    stored = getattr(mentor, "embedding", None)
    return stored.digest if stored is not None else None


def _store(mentor_id, vector: bytes, digest: str) -> None:
    MentorEmbedding.objects.update_or_create(
        mentor_id=mentor_id, defaults={"vector": vector, "digest": digest}
    )


def mentor_profile_text(mentor: MentorProfile) -> str:
    """What a mentor's vector is made of: the words a learner would search them by come first,
    because the model reads only 256 word pieces and a long bio must not push them out."""
    subjects = sorted(s.name for s in mentor.subjects.all())
    areas = sorted(str(c) for c in mentor.categories.all())
    skills = sorted(mentor_skill_names(mentor))
    parts = [
        mentor.title,
        mentor.headline,
        f"Teaches {', '.join(subjects)}" if subjects else "",
        f"Skills: {', '.join(skills)}" if skills else "",
        f"Areas: {', '.join(areas)}" if areas else "",
        mentor.bio,
        mentor.description,
        mentor.teaching_philosophy,
    ]
    return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())


def profile_digest(text: str) -> str:
    return hashlib.sha256(f"{embeddings.MODEL_ID}\n{text}".encode()).hexdigest()


def mentor_embedding_refresh(*, mentor_id: uuid.UUID) -> bool:
    """Store the embedding of the mentor's current profile text. True if a new vector was written.

    The model runs outside any transaction (a model run must never hold a row lock); the write
    then re-reads the profile under a lock and stores the vector only if the text it was made from
    is still the profile's text. If an edit landed meanwhile, that edit queued its own refresh,
    which writes the right vector: an older task finishing last can never overwrite it.
    """
    mentor = mentor_for_embedding(mentor_id)
    if mentor is None:
        return False
    text = mentor_profile_text(mentor)
    digest = profile_digest(text)
    if digest == _stored_digest(mentor):
        return False
    vector = embeddings.embed_one(text)
    with transaction.atomic():
        if not MentorProfile.objects.select_for_update().filter(pk=mentor_id).exists():
            return False
        current = mentor_for_embedding(mentor_id)
        if current is None or profile_digest(mentor_profile_text(current)) != digest:
            return False
        # Its own row: the profile is not saved (no post_save signal, which would queue this
        # task again, and no change to updated_at, which tells when the mentor last edited).
        _store(mentor_id, embeddings.to_bytes(vector), digest)
        matrix.changed()
    return True


def mentor_embeddings_refresh(*, mentor_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Embed many profiles in batches (demo data, or every profile after a change of model).

    Returns how many vectors were written. Only stale ones are computed.
    """
    queryset = (
        MentorProfile.objects.all() if mentor_ids is None else MentorProfile.objects.filter(pk__in=mentor_ids)
    )
    mentors = list(with_text_relations(queryset.select_related("embedding")))
    stale = []
    for mentor in mentors:
        text = mentor_profile_text(mentor)
        digest = profile_digest(text)
        if digest != _stored_digest(mentor):
            stale.append((mentor, text, digest))
    if not stale:
        return 0
    vectors = embeddings.embed([text for _, text, _ in stale])
    written = 0
    with transaction.atomic():
        ids = [mentor.pk for mentor, _, _ in stale]
        list(MentorProfile.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        # Same guard as mentor_embedding_refresh: write only where the text has not moved on.
        current = {
            m.pk: profile_digest(mentor_profile_text(m))
            for m in with_text_relations(MentorProfile.objects.filter(pk__in=ids))
        }
        for (mentor, _, digest), vector in zip(stale, vectors, strict=True):
            if current.get(mentor.pk) == digest:
                _store(mentor.pk, embeddings.to_bytes(vector), digest)
                written += 1
        if written:
            matrix.changed()
    return written
