"""Row locks with a short wait: a request that cannot get a lock in time says so (503 busy)
instead of hanging its worker."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import OperationalError, connection

from payments.errors import Busy

LOCK_TIMEOUT = "5s"


def set_lock_timeout(timeout: str = LOCK_TIMEOUT) -> None:
    """Call first inside the transaction that takes the locks (PostgreSQL; SQLite queues writers
    with its own busy timeout). `timeout` is a PostgreSQL interval such as '5s'."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = %s", [timeout])


@contextmanager
def busy_as_error():
    try:
        yield
    except OperationalError as error:
        if "lock timeout" in str(error).lower() or "locked" in str(error).lower():
            raise Busy() from error
        raise
