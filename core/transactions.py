"""One transaction, no SAVEPOINTs, for a write that fails as a whole (issue 14).

Services open `transaction.atomic()` so that each is one transaction when called alone; called
inside another transaction, each such block becomes a SAVEPOINT and its RELEASE (46 of the 108
statements of a booking create before this). A savepoint is what lets a caller go on after a
step's error (the waitlist trying its next slot, a test checking the refusal); a caller that can
never go on — a durable transaction whose any error fails the whole request — says so with
`all_or_nothing()`, and the steps it calls (`step()`) then join its transaction without one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_whole: ContextVar[bool] = ContextVar("all_or_nothing", default=False)


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Inside the caller's outermost transaction: every `step()` below joins it, with no
    SAVEPOINT; an error in any of them fails (and rolls back) the whole of it."""
    token = _whole.set(True)
    try:
        yield
    finally:
        _whole.reset(token)


def step(using: str | None = None):
    """`transaction.atomic()` for one step of a service: its own transaction when called alone,
    a SAVEPOINT inside another transaction, none inside `all_or_nothing()`."""
    return transaction.atomic(using=using, savepoint=not _whole.get())


def in_all_or_nothing() -> bool:
    """Inside `all_or_nothing()`: its transaction's settings (the lock timeout) are set already."""
    return _whole.get()


def on_commit_once(key, func: Callable[[], object], *, robust: bool = False) -> None:
    """`transaction.on_commit(func)`, unless a callback registered under `key` still waits for the
    current transaction's commit: several changes to one thing in one transaction (a booking made
    and confirmed, a schedule saved twice) act on it once, after them all. A callback that a
    rollback (of the transaction or of its savepoint) dropped no longer counts. `func` should
    read what it acts on when it runs, not when registered."""
    waiting = transaction.get_connection().run_on_commit
    if any(getattr(callback, "once_key", None) == key for _, callback, _ in waiting):
        return

    def run() -> None:
        run.once_key = None  # done: a later change registers again (tests run callbacks early)
        func()

    run.once_key = key
    transaction.on_commit(run, robust=robust)
