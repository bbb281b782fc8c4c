"""Clearing the cache in a test without touching another xdist worker's keys.

On Redis every worker has its own key prefix (config/settings/test.py), but django-redis's
`cache.clear()` is FLUSHDB: it empties the whole Redis database, the other workers' log-in and
throttle counters included, which then fail their tests at random. `clear_cache()` removes only
this worker's keys; tests/core/test_schema_responses.py keeps `cache.clear()` out of tests/.
"""

from __future__ import annotations

from django.core.cache import cache


def clear_cache() -> None:
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
