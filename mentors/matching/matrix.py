"""The bookable mentors' vectors, kept in process as one NumPy matrix (issue 14).

Recommendations score every bookable mentor on each request. Reading 10,000 vectors (15 MB)
from the database each time cost more than the scoring itself, so each process keeps them in
memory with what else the ranking needs (rating part, time zone), built by one query. A version
key in the shared cache says when to build again: every change that alters a row here (a new
vector, a profile saved — approval, pausing, ratings —, a schedule's time zone) sets a new
version, now and once more after its commit (a process that rebuilt in between, from the
uncommitted state, builds again). A request reads that key (one cache read, no query) and uses
the matrix it has while the version is unchanged. Changes that no signal reports (an account
deactivated) are picked up after MAX_AGE at the latest, and the rows a request finally shows are
re-read through `bookable()`, so such a mentor is never recommended meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db import transaction

from mentors.matching import embeddings
from mentors.models import MentorProfile

logger = logging.getLogger("mentora.mentors")

VERSION_KEY = "mentors:matching:version"
# Seconds after which a matrix is rebuilt whatever the version says.
MAX_AGE = 300

# Ratings are shrunk towards this average with the weight of this many reviews, so one 5-star
# review does not outrank fifty 4.8s.
RATING_PRIOR, RATING_PRIOR_WEIGHT = 3.5, 5


def rating_part(average: float, count: int) -> float:
    shrunk = (average * count + RATING_PRIOR * RATING_PRIOR_WEIGHT) / (count + RATING_PRIOR_WEIGHT)
    return shrunk / 5


@dataclass(frozen=True)
class MentorMatrix:
    version: str | None
    built_at: float
    ids: list[uuid.UUID]  # row -> mentor id, in bookable()'s order
    user_rows: dict[uuid.UUID, int]  # a mentor's user id -> row (to leave the learner out)
    vectors: np.ndarray  # (rows, 384) float32, zeros where a mentor has no vector yet
    known: np.ndarray  # (rows,) bool: has a vector
    rating_parts: np.ndarray  # (rows,) float64
    zones: list[str]  # the distinct time zones
    zone_rows: np.ndarray  # (rows,) index into zones

    def __len__(self) -> int:
        return len(self.ids)


_matrix: MentorMatrix | None = None
_lock = threading.Lock()


def _set_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache outage must not fail the change; MAX_AGE catches up
        logger.warning("Could not bump the mentor matrix version", exc_info=True)


def changed() -> None:
    """A row of the matrix changed: every process builds it again on its next request."""
    _set_version()
    transaction.on_commit(_set_version, robust=True)


def _version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # An empty cache (first start, or cleared): whoever comes first names a version.
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
    except Exception:
        logger.warning("Could not read the mentor matrix version", exc_info=True)
        return None
    return version


def _build(version: str | None) -> MentorMatrix:
    rows = list(
        MentorProfile.objects.bookable().values_list(
            "id",
            "user_id",
            "embedding__vector",
            "average_rating",
            "total_reviews",
            "schedule__timezone",
            "user__timezone",
        )
    )
    vectors = np.zeros((len(rows), embeddings.DIMENSIONS), dtype=np.float32)
    known = np.zeros(len(rows), dtype=bool)
    zones: dict[str, int] = {}
    zone_rows = np.zeros(len(rows), dtype=np.intp)
    for i, row in enumerate(rows):
        vector = embeddings.from_bytes(row[2])
        if vector is not None:
            vectors[i] = vector
            known[i] = True
        zone_rows[i] = zones.setdefault(row[5] or row[6] or "UTC", len(zones))
    return MentorMatrix(
        version=version,
        built_at=time.monotonic(),
        ids=[row[0] for row in rows],
        user_rows={row[1]: i for i, row in enumerate(rows)},
        vectors=vectors,
        known=known,
        rating_parts=np.array([rating_part(float(row[3]), row[4]) for row in rows], dtype=np.float64),
        zones=list(zones),
        zone_rows=zone_rows,
    )


def _fresh(found: MentorMatrix | None, version: str | None) -> bool:
    return (
        found is not None
        # Without the cache (an outage) the matrix serves until MAX_AGE.
        and (version is None or found.version == version)
        and time.monotonic() - found.built_at < MAX_AGE
    )


def mentor_matrix() -> MentorMatrix:
    """The matrix of this process, built again when the version moved (or it grew old)."""
    global _matrix
    version = _version()
    found = _matrix
    if _fresh(found, version):
        return found
    with _lock:
        if _fresh(_matrix, version):
            return _matrix
        _matrix = _build(version)
        return _matrix


def forget() -> None:
    """Drop this process's matrix (tests)."""
    global _matrix
    with _lock:
        _matrix = None
