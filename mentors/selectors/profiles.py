"""Reads of mentor profiles as each reader sees them: cards, public, owner's, favourites, services."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.text import slugify

from accounts.models import Skill
from mentors import errors
from mentors.models import (
    Category,
    Favorite,
    MentorProfile,
    Service,
    Subject,
)


def mentor_cards() -> QuerySet[MentorProfile]:
    """Bookable mentors with what a card shows: user and schedule joined, tags prefetched."""
    return (
        MentorProfile.objects.bookable()
        .select_related("user", "schedule")
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("subjects", queryset=Subject.objects.order_by("name")),
        )
    )


@dataclass(frozen=True)
class CardTags:
    """A mentor's skills and subjects as a card lists them, by name: (id, name, slug) each."""

    skills: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)
    subjects: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)


def card_tags(mentor_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, CardTags]:
    """The skills and subjects of these mentors in one query of plain rows, without a model
    instance (or a compiled queryset) per tag kind: a page of search cards runs it for every
    request. A skill's slug is made from its name, as the profile shows it."""
    ids = list(dict.fromkeys(mentor_ids))
    found = {pk: CardTags() for pk in ids}
    if not ids:
        return found
    pk_field = MentorProfile._meta.pk
    params = [pk_field.get_db_prep_value(pk, connection) for pk in ids]
    marks = ", ".join(["%s"] * len(ids))
    skills, skill_links = Skill._meta.db_table, MentorProfile.skills.through._meta.db_table
    subjects, subject_links = Subject._meta.db_table, MentorProfile.subjects.through._meta.db_table
    sql = (
        f"SELECT 1, l.mentorprofile_id, t.id, t.name, '' FROM {skill_links} l "
        f"JOIN {skills} t ON t.id = l.skill_id WHERE l.mentorprofile_id IN ({marks}) "
        "UNION ALL "
        f"SELECT 2, l.mentorprofile_id, t.id, t.name, t.slug FROM {subject_links} l "
        f"JOIN {subjects} t ON t.id = l.subject_id WHERE l.mentorprofile_id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        rows = cursor.fetchall()
    to_uuid = pk_field.to_python  # SQLite returns the ids as text
    for kind, mentor_id, tag_id, name, slug in sorted(rows, key=_by_name):
        tags = found[to_uuid(mentor_id)]
        if kind == 1:
            tags.skills.append((to_uuid(tag_id), name, slugify(name)))
        else:
            tags.subjects.append((to_uuid(tag_id), name, slug))
    return found


def _by_name(row: tuple) -> str:
    return row[3]


def mentor_public_get(*, mentor_id: uuid.UUID) -> MentorProfile:
    """A bookable mentor's full public profile; anyone else's profile is not public (404)."""
    mentor = (
        mentor_cards()
        .prefetch_related(
            Prefetch(
                "categories",
                queryset=Category.objects.select_related("parent").order_by("sort_order", "name"),
            ),
            Prefetch("services", queryset=Service.objects.filter(is_active=True), to_attr="active_services"),
        )
        .filter(pk=mentor_id)
        .first()
    )
    if mentor is None:
        raise errors.MentorProfileNotFound()
    return mentor


# What a slot list shows of its mentor (id, public name, rate) and computes from (the schedule):
# the full rows of mentor and user took longer to build than the slots themselves.
SLOT_LIST_FIELDS = (
    "id",
    "user",
    "hourly_rate",
    "currency",
    "user__id",
    "user__full_name",
    "user__username",
    "schedule",
)


def mentor_bookable_get(*, mentor_id: uuid.UUID, only: tuple[str, ...] = ()) -> MentorProfile:
    """A bookable mentor with user and schedule, for its schedule, slots and calendar; `only`
    names the columns a reader needs when it needs few (SLOT_LIST_FIELDS)."""
    mentors = MentorProfile.objects.bookable().select_related("user", "schedule")
    if only:
        mentors = mentors.only(*only)
    mentor = mentors.filter(pk=mentor_id).first()
    if mentor is None:
        raise errors.MentorProfileNotFound()
    return mentor


def mentor_get_for_owner(*, user) -> MentorProfile | None:
    return MentorProfile.objects.select_related("user", "schedule").filter(user=user).first()


def mentor_get_for_owner_or_404(*, user) -> MentorProfile:
    """The caller's own profile in any status; a learner without one gets a clear 404."""
    if user is None or not user.is_authenticated:
        raise errors.NoMentorProfile()
    mentor = MentorProfile.objects.select_related("user").filter(user=user).first()
    if mentor is None:
        raise errors.NoMentorProfile()
    return mentor


def mentor_private_get(*, mentor_id: uuid.UUID) -> MentorProfile:
    """The owner's full view: tags, categories and the schedule prefetched."""
    return (
        MentorProfile.objects.select_related("user", "schedule")
        .prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("subjects", queryset=Subject.objects.select_related("category").order_by("name")),
            Prefetch("categories", queryset=Category.objects.order_by("sort_order", "name")),
        )
        .get(pk=mentor_id)
    )


def subjects_of(*, mentor: MentorProfile) -> QuerySet[Subject]:
    return mentor.subjects.select_related("category").order_by("name", "pk")


def favorite_mentor_ids(*, user, mentor_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these mentors the caller has saved: one query (none for anonymous callers)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Favorite.objects.filter(learner=user, mentor_id__in=list(mentor_ids)).values_list(
            "mentor_id", flat=True
        )
    )


def favorites_for_learner(*, learner) -> QuerySet[MentorProfile]:
    """The learner's saved mentors who are public, newest favourite first, each with `added_at`."""
    added = Favorite.objects.filter(learner=learner, mentor=OuterRef("pk")).values("created_at")[:1]
    return (
        mentor_cards()
        .filter(favorited_by__learner=learner)
        .annotate(added_at=Subquery(added))
        .order_by("-added_at", "pk")
    )


def services_for_owner(*, mentor: MentorProfile) -> QuerySet[Service]:
    """Every service of the mentor, inactive ones too."""
    return Service.objects.filter(mentor=mentor).order_by("-is_active", "duration_minutes", "title", "pk")


def service_get_for_owner(*, mentor: MentorProfile, service_id: uuid.UUID) -> Service:
    """Only the caller's own service; another mentor's id is simply not found."""
    service = Service.objects.filter(pk=service_id, mentor=mentor).first()
    if service is None:
        raise errors.ServiceNotFound()
    return service


def service_bookable_get(*, service_id: uuid.UUID) -> Service:
    """An active service of a bookable mentor, with the mentor (what a slot list shows of it),
    its user and schedule: one query."""
    own = [f.name for f in Service._meta.concrete_fields]
    service = (
        Service.objects.select_related("mentor__user", "mentor__schedule")
        .only(*own, *(f"mentor__{name}" for name in SLOT_LIST_FIELDS))
        .filter(
            pk=service_id,
            is_active=True,
            mentor__in=MentorProfile.objects.bookable().values("pk"),
        )
        .first()
    )
    if service is None:
        raise errors.ServiceNotFound()
    return service
