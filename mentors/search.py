"""GET /mentors and GET /mentors/proximity: filters, text search, sorting, and what a card shows.

Every function here runs a fixed number of queries whatever the page size and whatever the
database holds, so the list endpoints stay constant (asserted in tests):

- the search itself is one queryset (the page, and a count the views cache by filters for
  MENTORS_SEARCH_COUNT_SECONDS: `with_cached_count`), two prefetches for tags; the page reads
  only the columns a card shows, never the profile's long texts or its embedding;
- tag filters are `id IN (SELECT mentor FROM <tag table> WHERE tag = ...)` over the tag tables'
  indexes, and the sorts walk partial indexes of listed mentors (mentors.models);
- prices compare in the base currency (`hourly_rate_base`, core.exchange), the viewer's bounds
  converted once;
- availability filters (`available`, `free_this_week`, `day_of_week`, `time_of_day`) are decided
  in the database from each mentor's stored next open slot where it settles the question, and
  only the rest have their slots computed, in three queries, over the asked windows only;
- `online` reads the candidates' ids once and asks the presence cache, never the database;
- a page's cards take their next slot from the stored column (a stale one is computed, three
  queries for the whole page) and favourites in one query.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
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
from core import exchange
from core.money import Money
from core.outage import cache_outage
from mentors import selectors
from mentors.models import MentorProfile
from mentors.services.free_time import FREE_TIME_MAX_AGE
from mentors.slots import AVAILABLE, Slot
from messaging.realtime import online_among

SORTS = ("relevance", "rating", "rate", "experience", "newest")
AVAILABLE_WITHIN = timedelta(hours=24)  # API.md §2: `available` = an open slot in the next 24 h
THIS_WEEK = timedelta(days=7)  # `free_this_week`: an open slot in the next 7 days
# How far `day_of_week` and `time_of_day` look: the next two of each weekday.
AVAILABILITY_HORIZON = timedelta(days=14)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Times of day in the viewer's zone, [from, to) in whole hours.
TIMES_OF_DAY = {"morning": (6, 12), "afternoon": (12, 17), "evening": (17, 22)}
# The columns a card shows (and the filters and sorts read): the page query selects these only.
CARD_FIELDS = (
    "id",
    "user",
    "schedule",
    "status",
    "is_accepting_bookings",
    "title",
    "headline",
    "hourly_rate",
    "currency",
    "hourly_rate_base",
    "credit_price",
    "years_of_experience",
    "languages",
    "lesson_types",
    "average_rating",
    "total_reviews",
    "total_sessions_completed",
    "mentor_tier",
    "is_verified",
    "share_location",
    "city",
    "latitude",
    "longitude",
    "approved_at",
    "created_at",
    "next_free_at",
    "next_free_minutes",
    "next_free_until",
    "free_time_refreshed_at",
    # What a card shows of the person (a name falls back to the e-mail's first part).
    "user__id",
    "user__full_name",
    "user__username",
    "user__email",
    "user__avatar",
)
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
    free_this_week: bool = False
    day_of_week: str = ""
    time_of_day: str = ""
    # The viewer's zone (day_of_week and time_of_day are read in it) and currency (min_rate and
    # max_rate are amounts in it).
    timezone: str = "UTC"
    currency: str = ""
    online: bool = False
    lesson_type: str = ""
    sort: str = ""

    @property
    def availability(self) -> bool:
        return self.available or self.free_this_week or bool(self.day_of_week or self.time_of_day)


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


def _tagged(through, **lookups) -> Q:
    """The mentor is in `SELECT mentor FROM <tag table> WHERE ...`: the planner can start from the
    tag table's index and join the few mentors it names (an EXISTS per mentor cannot)."""
    return Q(pk__in=through.objects.filter(**lookups).values("mentorprofile_id"))


def _filtered(mentors: QuerySet[MentorProfile], filters: MentorFilters) -> QuerySet[MentorProfile]:
    if filters.category_id:
        cid = filters.category_id
        mentors = mentors.filter(
            _tagged(_categories, category_id=cid)
            | _tagged(_categories, category__parent_id=cid)
            | _tagged(_subjects, subject__category_id=cid)
        )
    if filters.subcategory_id:
        sid = filters.subcategory_id
        mentors = mentors.filter(
            _tagged(_categories, category_id=sid) | _tagged(_subjects, subject__subcategory_id=sid)
        )
    if filters.subject_id:
        mentors = mentors.filter(_tagged(_subjects, subject_id=filters.subject_id))
    if filters.skill.strip():
        mentors = mentors.filter(_skill_match(filters.skill.strip()))
    if filters.languages:
        mentors = mentors.filter(_json_list_has("languages", filters.languages))
    if filters.lesson_type:
        mentors = mentors.filter(_json_list_has("lesson_types", (filters.lesson_type,)))
    if filters.min_rating is not None:
        mentors = mentors.filter(average_rating__gte=filters.min_rating)
    # Price bounds are amounts in the viewer's currency; every mentor's rate is compared in the
    # base currency (hourly_rate_base, kept through the exchange-rate table).
    currency = filters.currency or exchange.base_currency()
    if filters.min_rate is not None:
        mentors = mentors.filter(hourly_rate_base__gte=_bound(filters.min_rate, currency))
    if filters.max_rate is not None:
        mentors = mentors.filter(hourly_rate_base__lte=_bound(filters.max_rate, currency))
    if filters.min_experience_years is not None:
        mentors = mentors.filter(years_of_experience__gte=filters.min_experience_years)
    return mentors


def _bound(amount: Decimal, currency: str) -> Decimal:
    converted = exchange.to_base(amount, currency)
    # A currency without a rate cannot be asked for (the FilterSet checks); compare as base then.
    return (amount if converted is None else converted).quantize(Decimal("0.0001"))


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
        # Cheapest first in one currency (the base); an unconvertible or missing rate last.
        "rate": [F("hourly_rate_base").asc(nulls_last=True)],
        "experience": [F("years_of_experience").desc(), *rating],
        "newest": [F("approved_at").desc(nulls_last=True), F("created_at").desc()],
    }
    # The id last: pages never repeat or skip a mentor when the other keys tie.
    return mentors.order_by(*orders[sort], "pk")


def availability_windows(filters: MentorFilters, now: datetime) -> list[tuple[datetime, datetime]]:
    """The UTC windows an open slot must start in for the availability filters, in time order:
    the next 24 hours (`available`), 7 days (`free_this_week`) or two weeks, cut to the asked day
    of the week and time of day in the viewer's zone. Empty when no availability filter is on."""
    if not filters.availability:
        return []
    horizon = AVAILABILITY_HORIZON
    if filters.free_this_week:
        horizon = THIS_WEEK
    if filters.available:
        horizon = AVAILABLE_WITHIN
    end = now + horizon
    if not (filters.day_of_week or filters.time_of_day):
        return [(now, end)]
    zone = ZoneInfo(filters.timezone or "UTC")
    first_hour, last_hour = TIMES_OF_DAY.get(filters.time_of_day, (0, 24))
    windows = []
    day = now.astimezone(zone).date()
    while datetime.combine(day, time.min, tzinfo=zone) < end:
        if not filters.day_of_week or WEEKDAYS[day.weekday()] == filters.day_of_week:
            opens = datetime.combine(day, time(first_hour), tzinfo=zone)
            closes = (
                datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
                if last_hour == 24
                else datetime.combine(day, time(last_hour), tzinfo=zone)
            )
            opens, closes = max(opens, now), min(closes, end)
            if opens < closes:
                windows.append((opens, closes))
        day += timedelta(days=1)
    return windows


def _stored_slot_is_current(now: datetime) -> Q:
    """The stored next open slot still holds: computed within a day, and either none was found
    or it can still be booked."""
    return Q(free_time_refreshed_at__gte=now - FREE_TIME_MAX_AGE) & (
        Q(next_free_at__isnull=True) | Q(next_free_until__gt=now)
    )


def _only_free(
    mentors: QuerySet[MentorProfile], filters: MentorFilters, now: datetime
) -> QuerySet[MentorProfile]:
    """Mentors with an open slot in the asked windows.

    The stored next open slot decides most mentors in the database: one whose next slot starts
    in a window is free then; one with no slot before the last window closes is not. Only the
    rest (a next slot before a window, or no current stored slot) have their slots computed, over
    the windows alone (selectors.mentor_ids_free_in: three queries)."""
    windows = availability_windows(filters, now)
    if not windows:
        return mentors.none()
    last = windows[-1][1]
    current = _stored_slot_is_current(now)
    in_a_window = Q()
    for opens, closes in windows:
        in_a_window |= Q(next_free_at__gte=opens, next_free_at__lt=closes)
    undecided = mentors.filter(~current | (Q(next_free_at__lt=last) & ~in_a_window))
    computed = selectors.mentor_ids_free_in(mentors=undecided, windows=windows, now=now)
    return mentors.filter((current & in_a_window) | Q(pk__in=computed))


def _only_online(mentors: QuerySet[MentorProfile]) -> QuerySet[MentorProfile]:
    # Presence lives in the cache (messaging.realtime), so the candidates are read once and
    # each one is looked up there; the database sees one query whatever the page size.
    candidates = list(mentors.order_by().values_list("pk", "user_id"))
    online = online_among(user_id for _, user_id in candidates)
    return mentors.filter(pk__in=[pk for pk, user_id in candidates if user_id in online])


def mentor_search(
    *, filters: MentorFilters, now: datetime | None = None, prefetch_tags: bool = True
) -> QuerySet[MentorProfile]:
    """Bookable mentors matching every filter, in the asked order (API.md §2, GET /mentors).

    The API's cards pass `prefetch_tags=False`: `card_context` then reads the page's skills and
    subjects as plain rows in one query, where the prefetches built a model per tag (two queries);
    the pages' templates walk `mentor.subjects.all` and keep them."""
    now = now or timezone.now()
    # The schedule stays out of the rows: a card needs it only when its stored next slot is
    # stale (next_slots reads it then).
    cards = selectors.mentor_cards().select_related(None).select_related("user")
    if not prefetch_tags:
        cards = cards.prefetch_related(None)
    mentors = _filtered(cards.only(*CARD_FIELDS), filters)
    q = filters.q.strip()
    if q:
        mentors = _text_search(mentors, q)
    if filters.availability:
        mentors = _only_free(mentors, filters, now)
    if filters.online:
        mentors = _only_online(mentors)
    return _sorted(mentors, filters.sort, has_text=bool(q))


class CachedCount:
    """A search's queryset whose total is counted once per set of filters for a short time
    (MENTORS_SEARCH_COUNT_SECONDS), so paging through results does not count every matching
    mentor again on each page. Pages (slices) are always read fresh; the total may lag a new
    or departed mentor by that long. Paginators take it like the queryset itself."""

    def __init__(self, queryset: QuerySet[MentorProfile], key: str, timeout: int):
        self.queryset, self.key, self.timeout = queryset, key, timeout

    @property
    def ordered(self) -> bool:
        return self.queryset.ordered

    def count(self) -> int:
        # While Redis is down every page counts again (core.outage), as before this cache.
        total = cache_outage.attempt(lambda: cache.get(self.key), fallback=None)
        if total is None:
            total = self.queryset.count()
            cache_outage.attempt(lambda: cache.set(self.key, total, self.timeout), fallback=None)
        return total

    def __getitem__(self, index):
        return self.queryset[index]

    def __iter__(self):
        return iter(self.queryset)

    def __len__(self) -> int:
        return self.count()


def with_cached_count(
    queryset: QuerySet[MentorProfile], filters: MentorFilters, *, scope: str = ""
) -> CachedCount:
    values = {name: str(value) for name, value in asdict(filters).items() if name != "sort"}
    digest = hashlib.sha256(repr(sorted(values.items())).encode() + scope.encode()).hexdigest()
    return CachedCount(queryset, f"mentors:search-count:{digest}", settings.MENTORS_SEARCH_COUNT_SECONDS)


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
    # Approximate prices are shown in this currency (core.exchange.viewer_currency).
    currency: str = ""
    # Skills and subjects of mentors read without their prefetches (selectors.card_tags).
    tags: dict[uuid.UUID, selectors.CardTags] = field(default_factory=dict)
    # The exchange-rate table, read once for the page's approximate prices (a cache round trip).
    rates: dict[str, Decimal] | None = None

    def approximate_rate(self, mentor: MentorProfile) -> Money | None:
        """The mentor's hourly rate in the viewer's currency, when it is another currency."""
        if mentor.hourly_rate is None or not self.currency or mentor.currency == self.currency:
            return None
        if self.rates is None:
            self.rates = exchange.rates()
        return exchange.convert(mentor.hourly_rate, mentor.currency, self.currency, table=self.rates)


def _stored_next_slot(mentor: MentorProfile, now: datetime) -> tuple[bool, Slot | None]:
    """(whether the stored next open slot holds, the slot)."""
    refreshed = mentor.free_time_refreshed_at
    if refreshed is None or refreshed < now - FREE_TIME_MAX_AGE:
        return False, None
    if mentor.next_free_at is None:
        return True, None
    if mentor.next_free_until is None or mentor.next_free_until <= now:
        return False, None
    minutes = mentor.next_free_minutes
    slot = Slot(
        mentor.pk, mentor.next_free_at, mentor.next_free_at + timedelta(minutes=minutes), minutes, AVAILABLE
    )
    return True, slot


def next_slots(mentors: list[MentorProfile], *, now: datetime | None = None) -> dict[uuid.UUID, Slot | None]:
    """Each mentor's next open slot: the stored one where it holds, computed for the others (two
    or three queries for all of them, none when every stored slot holds)."""
    now = now or timezone.now()
    found: dict[uuid.UUID, Slot | None] = {}
    stale = []
    for mentor in mentors:
        holds, slot = _stored_next_slot(mentor, now)
        if holds:
            found[mentor.pk] = slot
        else:
            stale.append(mentor)
    if stale:
        found.update(selectors.next_slots_for(stale, now=now))
    return found


def _currency_of(viewer) -> str:
    own = getattr(viewer, "currency", "") if viewer is not None and viewer.is_authenticated else ""
    return own if own in exchange.rates() else exchange.base_currency()


def card_context(
    *, mentors: list[MentorProfile], viewer, now: datetime | None = None, currency: str = ""
) -> CardContext:
    """Next slots (stored; two or three queries for any stale), the caller's favourites (one query),
    presence (the cache), the currency of approximate prices (the viewer's own by default) and
    the tags of mentors read without them (one query)."""
    signed_in = viewer is not None and viewer.is_authenticated
    untagged = [m.pk for m in mentors if "skills" not in getattr(m, "_prefetched_objects_cache", {})]
    return CardContext(
        tags=selectors.card_tags(untagged) if untagged else {},
        next_slots=next_slots(mentors, now=now) if mentors else {},
        favorite_ids=(
            selectors.favorite_mentor_ids(user=viewer, mentor_ids=[m.pk for m in mentors])
            if signed_in
            else None
        ),
        online_user_ids=online_among(m.user_id for m in mentors),
        currency=currency or _currency_of(viewer),
    )
