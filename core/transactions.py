"""One transaction, no SAVEPOINTs, for a write that fails as a whole (issue 14).

Services open `transaction.atomic()` so that each is one transaction when called alone; called
inside another transaction, each such block becomes a SAVEPOINT and its RELEASE (46 of the 108
statements of a booking create before this). A savepoint is what lets a caller go on after a
step's error (the waitlist trying its next slot, a test checking the refusal); a caller that can
never go on — a durable transaction whose any error fails the whole request — says so with
`all_or_nothing()`, and the steps it calls (`step()`) then join its transaction without one.
"""

from __future__ import annotations

from collections.abc import Iterator
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
