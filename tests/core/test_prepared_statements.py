"""PostgreSQL plans a statement that a connection keeps running once (issue 14): parameters are
bound by the server, and psycopg prepares a statement after DB_PREPARE_THRESHOLD runs, so the
hot paths' wide reads are not parsed and planned again on every request."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import User
from tests.factories import UserFactory


def _prepared(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_read_repeated_on_a_connection_is_prepared_and_still_answers_each_value():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite compiles each statement itself")
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    people = [UserFactory(full_name=f"Person {n}") for n in range(threshold + 2)]

    # The same statement with another value each time: every run still answers its own row.
    names = [User.objects.filter(pk=person.pk).values_list("full_name", flat=True).get() for person in people]

    assert names == [f"Person {n}" for n in range(threshold + 2)]
    assert _prepared('"full_name" FROM "accounts_user" WHERE "accounts_user"."id" = $1') == 1
