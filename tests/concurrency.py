"""Race tests' plumbing, written once: real threads, each on its own database connection, released
together by a barrier so that their calls really overlap instead of running one after another as
the pool happens to start them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from celery import _state as celery_state
from django.db import connections

# Long enough for a loaded CI machine to start every thread; short enough that a thread which
# never reaches the barrier fails the test (with BrokenBarrierError in its results) instead of
# hanging the run.
BARRIER_TIMEOUT = 60.0


def run_together(
    work: Callable[[Any], Any],
    items: Iterable[Any],
    *,
    threads: int | None = None,
    timeout: float = BARRIER_TIMEOUT,
) -> list[Any]:
    """Call `work(item)` for every item and return the results in the items' order. An exception
    `work` raised is returned in its place, so a would-be 500 shows up in the test's assertion.

    By default every item gets a thread of its own and every call starts at the same instant.
    With `threads=n` the items are dealt round-robin to n threads (to stay within PostgreSQL's
    connection limit): the n first calls start together and each thread makes its next call as
    soon as its last one returns, so the calls keep overlapping.

    Each thread closes its connection at its end: the test database could not be flushed (or
    dropped) while a thread's connection stayed open."""
    items = list(items)
    count = min(threads or len(items), len(items))
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * len(items)
    # Eager Celery tasks (a cancellation's waitlist match, after commit) mark "inside a task" in
    # one process-wide flag that each saves and restores: two threads overlapping can leave it
    # set, and every later .get() in this process would then refuse to run. Put it back after.
    joins_blocked = celery_state.task_join_will_block()

    def call(index: int) -> None:
        try:
            results[index] = work(items[index])
        except Exception as error:  # reported to the test, which asserts on the outcomes
            results[index] = error

    def run(first: int) -> None:
        mine = range(first, len(items), count)
        try:
            barrier.wait(timeout=timeout)
            for index in mine:
                call(index)
        except threading.BrokenBarrierError as error:  # a thread never came: fail, don't hang
            for index in mine:
                results[index] = error
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            list(pool.map(run, range(count)))
    finally:
        celery_state._set_task_join_will_block(joins_blocked)
    return results
