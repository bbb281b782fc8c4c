"""One refresh token presented by many requests at once: one rotation, then the family is revoked."""

import pytest

from tests.accounts.helpers import LOGIN, REFRESH
from tests.api_client import APIClient
from tests.concurrency import run_together
from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_with_one_token_rotate_once():
    UserFactory(email="bo@example.com")
    tokens = (
        APIClient()
        .post(LOGIN, {"email": "bo@example.com", "password": DEFAULT_PASSWORD}, format="json")
        .json()
    )

    def refresh(n):
        response = APIClient().post(
            REFRESH, {"refresh": tokens["refresh"]}, format="json", REMOTE_ADDR=f"10.0.0.{n}"
        )
        return response.status_code, response.json()

    results = run_together(refresh, range(8))

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [401] * 7
    winner = next(body for status, body in results if status == 200)
    # the losers' reuse revoked every token, including the one the winner just received
    assert APIClient().post(REFRESH, {"refresh": winner["refresh"]}, format="json").status_code == 401
