"""GET /mentors and GET /mentors/proximity: filters, text search, sorting, and what a card shows.

Every function here runs a fixed number of queries whatever the page size and whatever the
database holds, so the list endpoints stay constant (asserted in tests):

- the search itself is one queryset (count + slice by the paginator, two prefetches for tags);
- `available` reads the candidates' schedules, entries and busy time once each
  (selectors.mentor_ids_with_open_slot) instead of computing slots mentor by mentor;
- `online` reads the candidates' ids once and asks the presence cache, never the database;
- a page's cards read their next slots in two queries and favourites in one.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt
from django.db.models.lookups import IContains
from django.utils import timezone

from accounts.services.profiles import normalize_skill_name
from mentors import selectors
from mentors.models import MentorProfile
from mentors.slots import Slot
from messaging.realtime import is_online

SORTS = ("relevance", "rating", "rate", "experience", "newest")
AVAILABLE_WITHIN = timedelta(hours=24)  # API.md §2: `available` = an open slot in the next 24 h
MAX_RADIUS_KM = 200
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True)
class MentorFilters:
    q: str = ""
    category_id: uuid.UUID | None = None
    subcategory_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    skill: str = ""
    languages: tuple[str, ...] = ()
    min_rating: Decimal | None = None
    min_rate: Decimal | None = None
    max_rate: Decimal | None = None
    min_experience_years: int | None = None
    available: bool = False
    online: bool = False
    lesson_type: str = ""
    sort: str = ""


# --- filters ----------------------------------------------------------------------------------------

_categories = MentorProfile.categories.through
_subjects = MentorProfile.subjects.through
_skills = MentorProfile.skills.through


def _json_list_has(field_name: str, values: tuple[str, ...]) -> Q:
    """A JSON list of short codes holds any of `values`, on SQLite and PostgreSQL alike.

    JSON `contains` does not exist on SQLite, so the list is matched as text: `"en"` finds the
    code itself and `"en-` its regional forms (en-GB).
    """
    text = Cast(field_name, output_field=TextField())
    match = Q()
    for value in values:
        match |= Q(IContains(text, f'"{value}"')) | Q(IContains(text, f'"{value}-'))
    return match


def _skill_match(value: str) -> Q:
    """A skill by id, by name in any case or spacing, or by its slug (machine-learning)."""
    try:
        return Q(Exists(_skills.objects.filter(mentorprofile_id=OuterRef("pk"), skill_id=uuid.UUID(value))))
    except ValueError:
        names = {normalize_skill_name(value), normalize_skill_name(value.replace("-", " "))}
        return Q(
            Exists(_skills.objects.filter(mentorprofile_id=OuterRef("pk"), skill__normalized_name__in=names))
        )


def _filtered(mentors: QuerySet[MentorProfile], filters: MentorFilters) -> QuerySet[MentorProfile]:
    if filters.category_id:
        cid = filters.category_id
        mentors = mentors.filter(
            Exists(
                _categories.objects.filter(mentorprofile_id=OuterRef("pk")).filter(
                    Q(category_id=cid) | Q(category__parent_id=cid)
                )
            )
            | Exists(_subjects.objects.filter(mentorprofile_id=OuterRef("pk"), subject__category_id=cid))
        )
    if filters.subcategory_id:
        sid = filters.subcategory_id
        mentors = mentors.filter(
            Exists(_categories.objects.filter(mentorprofile_id=OuterRef("pk"), category_id=sid))
            | Exists(_subjects.objects.filter(mentorprofile_id=OuterRef("pk"), subject__subcategory_id=sid))
        )
    if filters.subject_id:
        mentors = mentors.filter(
            Exists(_subjects.objects.filter(mentorprofile_id=OuterRef("pk"), subject_id=filters.subject_id))
        )
    if filters.skill.strip():
        mentors = mentors.filter(_skill_match(filters.skill.strip()))
    if filters.languages:
        mentors = mentors.filter(_json_list_has("languages", filters.languages))
    if filters.lesson_type:
        mentors = mentors.filter(_json_list_has("lesson_types", (filters.lesson_type,)))
    if filters.min_rating is not None:
        mentors = mentors.filter(average_rating__gte=filters.min_rating)
    # API.md §2: price filters compare the amount in the mentor's own currency.
    if filters.min_rate is not None:
        mentors = mentors.filter(hourly_rate__gte=filters.min_rate)
    if filters.max_rate is not None:
        mentors = mentors.filter(hourly_rate__lte=filters.max_rate)
    if filters.min_experience_years is not None:
        mentors = mentors.filter(years_of_experience__gte=filters.min_experience_years)
    return mentors


def _text_search(mentors: QuerySet[MentorProfile], q: str) -> QuerySet[MentorProfile]:
    """Name, title, headline, bio and skills. Annotates `relevance` for the relevance sort."""
    if connection.vendor == "postgresql":
        return _postgres_text_search(mentors, q)
    # SQLite: every word must appear somewhere; a hit in the name or title ranks first.
    for term in q.split():
        mentors = mentors.filter(
            Q(user__full_name__icontains=term)
            | Q(title__icontains=term)
            | Q(headline__icontains=term)
            | Q(bio__icontains=term)
            | Exists(_skills.objects.filter(mentorprofile_id=OuterRef("pk"), skill__name__icontains=term))
        )
    return mentors.annotate(
        relevance=Case(
            When(Q(user__full_name__icontains=q) | Q(title__icontains=q), then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def _postgres_text_search(mentors: QuerySet[MentorProfile], q: str) -> QuerySet[MentorProfile]:
    # PostgreSQL-only expressions, imported where they are used: SQLite never reaches here.
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = settings.MENTORS_SEARCH_CONFIG
    # Skills are many-to-many: aggregating them in a subquery keeps one row per mentor (a join
    # would repeat the mentor once per skill and break the count).
    skill_names = Subquery(
        _skills.objects.filter(mentorprofile_id=OuterRef("pk"))
        .values("mentorprofile_id")
        .annotate(names=StringAgg("skill__name", delimiter=" "))
        .values("names")[:1]
    )
    vector = (
        SearchVector("user__full_name", weight="A", config=config)
        + SearchVector("title", weight="A", config=config)
        + SearchVector("headline", weight="B", config=config)
        + SearchVector(skill_names, weight="B", config=config)
        + SearchVector("bio", weight="C", config=config)
    )
    query = SearchQuery(q, search_type="websearch", config=config)
    return mentors.annotate(document=vector, relevance=SearchRank(vector, query)).filter(
        # The name also matches by prefix, so "ann" finds Anna while she is being typed.
        Q(document=query) | Q(user__full_name__icontains=q)
    )


def _sorted(mentors: QuerySet[MentorProfile], sort: str, *, has_text: bool) -> QuerySet[MentorProfile]:
    sort = sort or ("relevance" if has_text else "rating")
    rating = [F("average_rating").desc(), F("total_reviews").desc()]
    orders = {
        "relevance": [F("relevance").desc(), *rating] if has_text else rating,
        "rating": [*rating, F("total_sessions_completed").desc()],
        "rate": [F("hourly_rate").asc(nulls_last=True)],
        "experience": [F("years_of_experience").desc(), *rating],
        "newest": [F("approved_at").desc(nulls_last=True), F("created_at").desc()],
    }
    # The id last: pages never repeat or skip a mentor when the other keys tie.
    return mentors.order_by(*orders[sort], "pk")


def _only_available(mentors: QuerySet[MentorProfile], now: datetime) -> QuerySet[MentorProfile]:
    ids = selectors.mentor_ids_with_open_slot(mentors=mentors, start=now, end=now + AVAILABLE_WITHIN, now=now)
    return mentors.filter(pk__in=ids)


def _only_online(mentors: QuerySet[MentorProfile]) -> QuerySet[MentorProfile]:
    # Presence lives in the cache (messaging.realtime), so the candidates are read once and
    # each one is looked up there; the database sees one query whatever the page size.
    candidates = mentors.order_by().values_list("pk", "user_id")
    return mentors.filter(pk__in=[pk for pk, user_id in candidates if is_online(user_id)])


def mentor_search(*, filters: MentorFilters, now: datetime | None = None) -> QuerySet[MentorProfile]:
    """Bookable mentors matching every filter, in the asked order (API.md §2, GET /mentors)."""
    now = now or timezone.now()
    mentors = _filtered(selectors.mentor_cards(), filters)
    q = filters.q.strip()
    if q:
        mentors = _text_search(mentors, q)
    if filters.available:
        mentors = _only_available(mentors, now)
    if filters.online:
        mentors = _only_online(mentors)
    return _sorted(mentors, filters.sort, has_text=bool(q))


# --- proximity --------------------------------------------------------------------------------------


def bounding_box(lat: float, lng: float, radius_km: float) -> Q:
    """Rows whose coordinates can be within `radius_km`: a cheap, indexable first cut.

    Near a pole the box spans every longitude; across the antimeridian it is two ranges.
    """
    dlat = radius_km / KM_PER_DEGREE
    south, north = lat - dlat, lat + dlat
    box = Q(latitude__gte=max(south, -90.0), latitude__lte=min(north, 90.0))
    if north >= 90 or south <= -90:
        return box
    # The widest longitude span of the circle (it lies north or south of its centre's parallel).
    dlng = math.degrees(
        math.asin(min(1.0, math.sin(radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(lat))))
    )
    west, east = lng - dlng, lng + dlng
    if west < -180:
        return box & (Q(longitude__gte=west + 360) | Q(longitude__lte=east))
    if east > 180:
        return box & (Q(longitude__gte=west) | Q(longitude__lte=east - 360))
    return box & Q(longitude__gte=west, longitude__lte=east)


def haversine_km(lat: float, lng: float):
    """The great-circle distance from (lat, lng) to each row, in km, as a database expression."""

    def number(value: float) -> Value:
        return Value(value, output_field=FloatField())

    row_lat = Radians(F("latitude"))
    half_dlat = (row_lat - number(math.radians(lat))) / number(2.0)
    half_dlng = (Radians(F("longitude")) - number(math.radians(lng))) / number(2.0)
    a = Power(Sin(half_dlat), 2) + number(math.cos(math.radians(lat))) * Cos(row_lat) * Power(
        Sin(half_dlng), 2
    )
    # Least: rounding can push `a` a hair above 1 for antipodal points, and asin(>1) fails.
    return number(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(a, number(1.0))))


def mentor_proximity_search(
    *, filters: MentorFilters, lat: float, lng: float, radius_km: float, now: datetime | None = None
) -> QuerySet[MentorProfile]:
    """Mentors who share their location within `radius_km`, nearest first, with `distance_km`."""
    mentors = mentor_search(filters=filters, now=now).filter(
        bounding_box(lat, lng, radius_km),
        share_location=True,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    return (
        mentors.annotate(distance_km=haversine_km(lat, lng))
        .filter(distance_km__lte=radius_km)
        .order_by("distance_km", "pk")
    )


# --- what a page of cards needs --------------------------------------------------------------------


@dataclass
class CardContext:
    """Per-page facts a card shows that are not columns of the mentor: read once per page."""

    next_slots: dict[uuid.UUID, Slot | None] = field(default_factory=dict)
    favorite_ids: set[uuid.UUID] | None = None  # None: the caller is anonymous
    online_user_ids: set[uuid.UUID] = field(default_factory=set)


def card_context(*, mentors: list[MentorProfile], viewer, now: datetime | None = None) -> CardContext:
    """Next slots (two queries), the caller's favourites (one query) and presence (the cache)."""
    signed_in = viewer is not None and viewer.is_authenticated
    return CardContext(
        next_slots=selectors.next_slots_for(mentors, now=now) if mentors else {},
        favorite_ids=(
            selectors.favorite_mentor_ids(user=viewer, mentor_ids=[m.pk for m in mentors])
            if signed_in
            else None
        ),
        online_user_ids={m.user_id for m in mentors if is_online(m.user_id)},
    )
