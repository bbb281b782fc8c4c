"""Row locks: a short wait that turns into a clear "busy" error, and claiming due rows.

`busy_as_error()` opens every transaction that takes row locks (`with transaction.atomic(),
busy_as_error():`): it caps the wait for each lock at settings.LOCK_TIMEOUT, so a request that
queues behind another one answers 503 SERVICE_UNAVAILABLE ("busy, try again") instead of holding
its worker until the client gives up.

`claim_due()` is how a beat job works through due rows: one row per transaction, taken with
`select_for_update(skip_locked=True)` and re-checked under the lock, so two workers (or a worker
and a person's request) never handle the same row, and a row that stopped being due since it was
listed is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, models, transaction

from core.errors import Busy
from core.transactions import in_all_or_nothing

Row = TypeVar("Row", bound=models.Model)


def lock_timeout_set() -> None:
    """Cap the wait for row locks for the rest of the current transaction (PostgreSQL's
    `SET LOCAL lock_timeout`). SQLite has no row locks: it queues writers with its own busy
    timeout, and a writer that waits too long fails with "database is locked" (see below)."""
    # Inside an all-or-nothing transaction, its own busy_as_error() set it already (SET LOCAL
    # holds to the end of the transaction): the steps it calls need not send it again.
    if connection.vendor == "postgresql" and not in_all_or_nothing():
        with connection.cursor() as cursor:
            # set_config(..., true) is SET LOCAL as a function: it takes its value as a bound
            # parameter, which SET cannot when parameters are bound by the server.
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [str(settings.LOCK_TIMEOUT)])


@contextmanager
def busy_as_error():
    """Enter at the start of a transaction that takes locks (right after `transaction.atomic()`,
    or around the lock in a helper that transactions share): sets the one lock timeout, and a
    lock not granted in time leaves as `Busy` (503) instead of a database error (500)."""
    lock_timeout_set()
    try:
        yield
    except OperationalError as error:
        text = str(error).lower()
        if "lock timeout" in text or "locked" in text:
            raise Busy() from error
        raise


def claim(
    due: models.QuerySet[Row],
    pk,
    step: Callable[[Row], bool],
    *,
    after: Callable[[Row], object] | None = None,
    failed: Callable[[object, Exception], object] | None = None,
    lock_of: Sequence[str] = (),
    related: Sequence[str] = (),
) -> bool:
    """Take the row `pk` if it is free and still in `due`, and handle it in one transaction.

    `step(row)` runs under the lock and says whether the row was handled (what it wrote commits
    either way). `after(row)` runs once that transaction has committed, for what must not hold
    the lock (a call to the payment gateway, matching the freed time). A row another transaction
    holds right now is skipped, not waited for: the next run takes it. With `failed`, an error in
    `step` rolls back this row only and is handed to `failed(pk, error)`; without it, it is raised.
    Returns whether `step` handled the row."""
    try:
        with transaction.atomic():
            row = (
                due.select_for_update(skip_locked=True, of=tuple(lock_of))
                .select_related(*related)
                .filter(pk=pk)
                .first()
            )
            if row is None or not step(row):
                return False
    except Exception as error:
        if failed is None:
            raise
        failed(pk, error)
        return False
    if after is not None:
        after(row)
    return True


def claim_due(
    due: models.QuerySet[Row],
    step: Callable[[Row], bool],
    *,
    order_by: Sequence[str] = ("pk",),
    limit: int | None = 500,
    after: Callable[[Row], object] | None = None,
    failed: Callable[[object, Exception], object] | None = None,
    lock_of: Sequence[str] = (),
    related: Sequence[str] = (),
) -> int:
    """Handle up to `limit` rows of `due` (None: all), in `order_by` order, each through
    `claim()`: the ids are listed without a lock, then each row is locked and re-checked against
    `due` in its own transaction (a savepoint where the caller holds one open around them all).
    Returns how many rows `step` handled."""
    ids = list(due.order_by(*order_by).values_list("pk", flat=True)[:limit])
    return sum(
        claim(due, pk, step, after=after, failed=failed, lock_of=lock_of, related=related) for pk in ids
    )
