"""`make bench` only: the SQL statements a request ran, in the `X-Bench-Queries` response header.

Counted through a context variable that every database connection's execute wrapper adds to: the
request's context reaches the thread its view runs in (asgiref copies it across sync_to_async), so
the count is the request's own whichever pooled connection or thread served it.
"""

from __future__ import annotations

import contextvars

from django.db.backends.signals import connection_created

HEADER = "X-Bench-Queries"
_queries: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("bench_queries", default=None)


# Transaction control is not a query: on a pooled PostgreSQL connection psycopg runs BEGIN and
# COMMIT through the execute wrappers, elsewhere they are not seen. Left out, as
# tests/bookings/test_create_queries.py leaves them out, so both count the same work.
_TRANSACTION_CONTROL = frozenset({"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"})


def _count(execute, sql, params, many, context):
    counter = _queries.get()
    if counter is not None and sql not in _TRANSACTION_CONTROL:
        counter[0] += 1
    return execute(sql, params, many, context)


def _install(sender, connection, **kwargs) -> None:
    if _count not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count)


connection_created.connect(_install, dispatch_uid="bench-query-count")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = [0]
        token = _queries.set(counter)
        try:
            response = self.get_response(request)
        finally:
            _queries.reset(token)
        response[HEADER] = str(counter[0])
        return response
