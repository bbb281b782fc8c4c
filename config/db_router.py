"""Reads that may be served by a PostgreSQL read replica, when one is configured.

With DATABASE_REPLICA_URL set, settings add a `replica` database, this router and
ReplicaReadsMiddleware; unset, none of them is installed and every query goes to `default` as
before. Only reads that are explicitly marked go to the replica:

- the GET routes of REPLICA_READ_ROUTES (settings): public, read-only selectors whose answer may
  lag the primary by the replication delay (mentor search and directory, a mentor's profile,
  reviews and slots, the taxonomy, recommendations);
- code inside `with replica_reads():` (or a function decorated with it), for a read-only selector
  called from elsewhere, e.g. a report.

Read-your-writes: everything else reads from the primary, and a marked read still goes to the
primary when
- it runs inside a transaction (`atomic`): a service's reads under its own locks and writes;
- it reads who is asking (sessions, the user row, the token blacklist): a log-in, log-out or
  deactivation counts on the very next request;
- this request (or `replica_reads` block) has already written anything: the write is not on the
  replica yet;
- the caller pins it with `primary_reads()`.
So the booking and payment flows (booking create, reschedule, cancel, checkout, webhooks), the
wallet, messages and notifications, the caller's own profile (/me routes) and staff pages always
read the primary. A slot list can lag by the replication delay: booking create re-checks the
hour on the primary under the mentor's lock, so a slot that was just taken answers 409, never a
double booking.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.urls import Resolver404, resolve

REPLICA = "replica"
PRIMARY = "default"
PRIMARY_ONLY_APPS = frozenset({"sessions", "token_blacklist", "account", "socialaccount"})

# None: not marked (primary). True: reads may go to the replica. False: pinned to the primary.
_replica_ok: ContextVar[bool | None] = ContextVar("replica_ok", default=None)
# Set by the first write of a marked scope: later reads of that scope stay on the primary.
_wrote: ContextVar[list[bool] | None] = ContextVar("replica_scope_wrote", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def _scope(value: bool):
    token, wrote = _replica_ok.set(value), _wrote.set([False])
    try:
        yield
    finally:
        _wrote.reset(wrote)
        _replica_ok.reset(token)


def replica_reads():
    """Reads in this block may go to the replica (a context manager and a decorator)."""
    return _scope(True)


def primary_reads():
    """Reads in this block go to the primary, even inside a replica_reads block."""
    return _scope(False)


def _identity(model) -> bool:
    """Who is asking: the session, the user row and token blacklist. Read from the primary
    always, so a log-in, log-out or deactivation counts on the very next request."""
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label == settings.AUTH_USER_MODEL


class ReplicaRouter:
    """Marked reads to `replica`, unless in a transaction or after a write; writes to `default`."""

    def db_for_read(self, model, **hints):
        if not _replica_ok.get() or not replica_configured() or _identity(model):
            return PRIMARY
        wrote = _wrote.get()
        if wrote and wrote[0]:
            return PRIMARY
        from django.db import connections

        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        wrote = _wrote.get()
        if wrote is not None:
            wrote[0] = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Marks GET and HEAD requests to the routes named in REPLICA_READ_ROUTES as replica reads."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.routes = frozenset(settings.REPLICA_READ_ROUTES)

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and self._marked(request.path_info):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)

    def _marked(self, path: str) -> bool:
        try:
            return resolve(path).view_name in self.routes
        except Resolver404:
            return False
