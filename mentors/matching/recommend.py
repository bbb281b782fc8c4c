"""GET /mentors/recommended: rank bookable mentors for a learner, and say why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from django.db.models import Prefetch
from django.utils import timezone

from mentors.matching import embeddings
from mentors.matching.learners import Want, learner_wants, topic_text
from mentors.matching.matrix import mentor_matrix
from mentors.matching.profiles import mentor_skill_names, with_text_relations
from mentors.matching.vectors import TaxonomyIndex, phrase_vectors, taxonomy_index
from mentors.models import Category, MentorProfile

# How the parts of a match score add up to 100 (API.md §2: similarity, rating, time-zone overlap).
WEIGHT_TOPIC, WEIGHT_RATING, WEIGHT_TIME_ZONE = 0.70, 0.20, 0.10
# Cosine similarity that counts as "no match" and as "as close as it gets" for the topic part.
TOPIC_FLOOR, TOPIC_CEILING = 0.10, 0.55
# A learner phrase and a mentor's subject, skill or title this close are named in a reason.
REASON_MIN_SIMILARITY = 0.42
# A mentor's skill or subject this close to one of the learner's own skills is "common".
COMMON_SKILL_MIN_SIMILARITY = 0.72
# Reasons speak to what the learner wants to learn before what they already know.
WANT_ORDER = {"goal": 0, "interest": 1, "about": 2, "skill": 3}
# Candidates ranked beyond `limit`, in case some stopped being bookable since the matrix was built.
_SPARE = 5
# Time zones further apart than this get no reason line (most of the day no longer overlaps).
TIME_ZONE_REASON_MAX_HOURS = 3


@dataclass(frozen=True)
class Match:
    mentor: MentorProfile
    match_score: int  # 0-100
    match_reasons: list[str]
    common_skills: list[str]


def _offset_hours(zone: str, at: datetime) -> float | None:
    try:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return offset.total_seconds() / 3600 if offset is not None else None


def time_zone_gap(learner_zone: str, mentor_zone: str, *, at: datetime) -> float | None:
    """Hours between two zones' clocks now, the short way round the globe."""
    a, b = _offset_hours(learner_zone, at), _offset_hours(mentor_zone, at)
    if a is None or b is None:
        return None
    gap = abs(a - b) % 24
    return min(gap, 24 - gap)


def _time_zone_reason(gap: float | None) -> str | None:
    if gap is None or gap > TIME_ZONE_REASON_MAX_HOURS:
        return None
    if gap == 0:
        return "Works in your time zone"
    return f"Works in a time zone {gap:g} h from yours"


@dataclass(frozen=True)
class _Offering:
    phrase: str  # "Teaches UX Design"
    name: str
    # Reasons prefer what the mentor teaches over their job title: "Teaches UX Design" tells a
    # learner more than "Works as Senior UX Designer", even when the title is the closer text.
    tier: int


def _offerings(mentor: MentorProfile) -> list[_Offering]:
    found = [_Offering(f"Teaches {s.name}", s.name, 0) for s in mentor.subjects.all()]
    found += [_Offering(f"Skilled in {name}", name, 0) for name in mentor_skill_names(mentor)]
    categories = list(mentor.categories.all())
    covered = {c.parent_id for c in categories if c.parent_id}
    found += [_Offering(f"Mentors in {c.name}", c.name, 1) for c in categories if c.pk not in covered]
    if mentor.title.strip():
        found.append(_Offering(f"Works as {mentor.title.strip()}", mentor.title.strip(), 2))
    return found


def _offering_vectors(offerings: list[_Offering], index: TaxonomyIndex) -> np.ndarray:
    by_name = dict(zip(index.subject_names, index.subject_vectors, strict=True))
    for item, variants in zip(index.items, index.variants, strict=True):
        by_name.setdefault(item.node.name, variants[0])
    missing = [o.name for o in offerings if o.name not in by_name]
    for name, vector in zip(missing, phrase_vectors(missing), strict=True):
        by_name[name] = vector
    if not offerings:
        return np.zeros((0, embeddings.DIMENSIONS), dtype=np.float32)
    return np.stack([by_name[o.name] for o in offerings])


def _topic_reasons(
    wants: list[Want], want_vectors: np.ndarray, offerings: list[_Offering], index
) -> list[str]:
    if not wants or not offerings:
        return []
    similarity = want_vectors @ _offering_vectors(offerings, index).T  # (wants, offerings)
    reasons: list[str] = []
    used_wants: set[int] = set()
    used_offerings: set[int] = set()
    pairs = [
        (offerings[o].tier, WANT_ORDER.get(wants[w].kind, 3), -float(similarity[w, o]), w, o)
        for w in range(similarity.shape[0])
        for o in range(similarity.shape[1])
        if similarity[w, o] >= REASON_MIN_SIMILARITY
    ]
    for *_, w, o in sorted(pairs):
        if w in used_wants or o in used_offerings:
            continue
        used_wants.add(w)
        used_offerings.add(o)
        want, offering = wants[w], offerings[o]
        if want.kind == "skill" and want.text.casefold() == offering.name.casefold():
            reasons.append(f"{offering.phrase}, one of your skills too")
        else:
            reasons.append(f"{offering.phrase}, which matches {want.described}")
        if len(reasons) == 2:
            break
    return reasons


def _common_skills(wants: list[Want], want_vectors: np.ndarray, mentor: MentorProfile) -> list[str]:
    """The mentor's skills and subjects that are also the learner's skills or interests."""
    names = list(dict.fromkeys([*mentor_skill_names(mentor), *(s.name for s in mentor.subjects.all())]))
    rows = [i for i, w in enumerate(wants) if w.kind in {"skill", "interest"}]
    if not names or not rows:
        return []
    learner_names = {wants[i].text.casefold() for i in rows}
    similarity = phrase_vectors(names) @ want_vectors[rows].T
    return [
        name
        for name, best in zip(names, similarity.max(axis=1), strict=True)
        if name.casefold() in learner_names or best >= COMMON_SKILL_MIN_SIMILARITY
    ][:6]


def _zone_gaps(learner_zone: str, m, *, at: datetime) -> np.ndarray:
    """Each row's time-zone gap in hours (NaN where unknown): one computation per distinct zone
    (a few dozen), not per mentor."""
    per_zone = np.array(
        [np.nan if (g := time_zone_gap(learner_zone, zone, at=at)) is None else g for zone in m.zones],
        dtype=np.float64,
    )
    return per_zone[m.zone_rows] if len(m.zones) else np.zeros(0)


def recommend_for(*, user, limit: int = 10, queryset=None, now: datetime | None = None) -> list[Match]:
    """Bookable mentors for this learner, best match first, each with its reasons.

    Ranking scores every bookable mentor at once in NumPy, from the matrix of their vectors,
    ratings and time zones that this process keeps (matching.matrix: no query while no mentor
    changed); only the `limit` best are loaded whole and explained. `queryset` (bookable
    mentors, with subjects and skills prefetched) chooses what else each loaded mentor carries,
    e.g. the cards of mentors.selectors.mentor_cards.
    """
    now = now or timezone.now()
    wants = learner_wants(user)
    m = mentor_matrix()
    own_row = m.user_rows.get(user.pk)
    if len(m) == 0 or (len(m) == 1 and own_row is not None):
        return []
    want_vectors = phrase_vectors([topic_text(w.text) for w in wants]) if wants else None
    if want_vectors is not None:
        whole = phrase_vectors([topic_text(". ".join(w.text for w in wants))])[0]
        # Half the whole of what the learner said, half their closest single phrase: someone
        # with two unrelated goals still finds a mentor for each.
        topic = 0.5 * (m.vectors @ whole) + 0.5 * (m.vectors @ want_vectors.T).max(axis=1)
        topic = np.where(m.known, topic, 0.0)
        topic_parts = np.clip((topic - TOPIC_FLOOR) / (TOPIC_CEILING - TOPIC_FLOOR), 0, 1).astype(np.float64)
    else:
        topic_parts = np.zeros(len(m))
    gaps = _zone_gaps(user.timezone or "UTC", m, at=now)
    zone_parts = 1 - np.minimum(np.nan_to_num(gaps, nan=12.0), 12) / 12
    rating_parts = m.rating_parts
    if want_vectors is not None:
        scores = WEIGHT_TOPIC * topic_parts + WEIGHT_RATING * rating_parts + WEIGHT_TIME_ZONE * zone_parts
    else:
        # Nothing to match on yet: rank by what is left, in the same proportion.
        scores = (WEIGHT_RATING * rating_parts + WEIGHT_TIME_ZONE * zone_parts) / (
            WEIGHT_RATING + WEIGHT_TIME_ZONE
        )
    if own_row is not None:
        scores = scores.copy()
        scores[own_row] = -np.inf
    # A few more than asked: a mentor who stopped being bookable since the matrix was built
    # is dropped below (bookable() is read again) and the next one takes the place.
    ranked = np.argsort(-scores, kind="stable")
    top = [i for i in ranked[: limit + _SPARE] if i != own_row]
    chosen = [m.ids[i] for i in top]
    base = (
        queryset
        if queryset is not None
        else with_text_relations(MentorProfile.objects.bookable(), categories=False)
    )
    loaded = {
        m.pk: m
        for m in base.filter(pk__in=chosen).prefetch_related(
            Prefetch("categories", queryset=Category.objects.select_related("parent"))
        )
    }
    index = taxonomy_index() if want_vectors is not None else None
    matches = []
    for i in top:
        mentor = loaded.get(m.ids[i])
        if mentor is None:
            continue
        if len(matches) == limit:
            break
        reasons: list[str] = []
        common: list[str] = []
        if want_vectors is not None:
            reasons = _topic_reasons(wants, want_vectors, _offerings(mentor), index)
            common = _common_skills(wants, want_vectors, mentor)
        if mentor.total_reviews:
            plural = "s" if mentor.total_reviews != 1 else ""
            reasons.append(f"Rated {mentor.average_rating:.1f} from {mentor.total_reviews} review{plural}")
        zone_reason = _time_zone_reason(None if np.isnan(gaps[i]) else float(gaps[i]))
        if zone_reason:
            reasons.append(zone_reason)
        matches.append(Match(mentor, int(round(100 * float(scores[i]))), reasons, common))
    return matches
