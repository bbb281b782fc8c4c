"""One refresh token presented by many requests at once: one rotation, then the family is revoked."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tests.accounts.helpers import LOGIN, REFRESH
from tests.api_client import APIClient
from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_with_one_token_rotate_once():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections need PostgreSQL (the CI's second run)")
    UserFactory(email="bo@example.com")
    tokens = (
        APIClient()
        .post(LOGIN, {"email": "bo@example.com", "password": DEFAULT_PASSWORD}, format="json")
        .json()
    )

    def refresh(_):
        try:
            response = APIClient().post(
                REFRESH, {"refresh": tokens["refresh"]}, format="json", REMOTE_ADDR=f"10.0.0.{_}"
            )
            return response.status_code, response.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(refresh, range(8)))

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [401] * 7
    winner = next(body for status, body in results if status == 200)
    # the losers' reuse revoked every token, including the one the winner just received
    assert APIClient().post(REFRESH, {"refresh": winner["refresh"]}, format="json").status_code == 401
