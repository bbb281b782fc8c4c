"""Failed-login limits (OWASP ASVS 2.2.1): a hard limit per client address, then free tries per
(account, address) and per account after which every try waits a delay that doubles; counted
atomically, answered 429 with Retry-After, and never locking the owner out of their account."""

import pytest
import time_machine

from accounts import login_guard
from tests.accounts.helpers import LOGIN
from tests.api_client import APIClient
from tests.concurrency import run_together
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed log-in attempts."
HOME = "192.0.2.10"


def attempt(identifier: str, password: str = "wrong-password-1", ip: str = "203.0.113.1", **extra):
    return APIClient().post(
        LOGIN, {"email": identifier, "password": password}, format="json", REMOTE_ADDR=ip, **extra
    )


def n_ips(n: int) -> list[str]:
    # a different address each time, so the 10/min per-IP throttle of /auth stays out of the way
    return [f"10.{i // 250}.{i % 250}.{1 + i % 7}" for i in range(n)]


def account_key(user) -> str:
    return f"user:{user.pk}"


@pytest.fixture
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT_IP = "150/hour"
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 3600
    settings.LOGIN_FREE_FAILURES_PER_ADDRESS = 3
    settings.LOGIN_FREE_FAILURES_PER_ACCOUNT = 10
    settings.LOGIN_BACKOFF_BASE_SECONDS = 2
    settings.LOGIN_BACKOFF_MAX_SECONDS = 900
    return settings


@pytest.mark.django_db(transaction=True)
def test_parallel_bad_logins_past_the_free_ones_get_one_password_check_per_delay(limits):
    # Every delay is 10 minutes, longer than any CI run of this test: the first, and its doubled
    # successors capped at the same 10 minutes.
    limits.LOGIN_BACKOFF_BASE_SECONDS = limits.LOGIN_BACKOFF_MAX_SECONDS = 600
    user = UserFactory(email="target@example.com")

    # 10 threads started together, each trying again as soon as it is answered: the attempts keep
    # overlapping, while PostgreSQL's run stays well inside its connection limit.
    responses = run_together(lambda ip: attempt("target@example.com", ip=ip), n_ips(50), threads=10)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [401] * 11 + [429] * 39  # the 10 free ones, then exactly one per delay
    assert login_guard.failures(account_key=account_key(user)) == 11
    refused = [response for response in responses if response.status_code == 429]
    assert {response.json()["error"] for response in refused} == {"RATE_LIMITED"}
    waits = sorted(int(response["Retry-After"]) for response in refused)
    assert all(0 < wait <= 600 for wait in waits), str(waits)


def test_a_stranger_cannot_stop_the_owner_logging_in_from_their_own_address(limits):
    UserFactory(email="owner@example.com")
    with time_machine.travel("2026-05-04 10:30Z", tick=False):
        assert attempt("owner@example.com", password=DEFAULT_PASSWORD, ip=HOME).status_code == 200
        # a stranger with many machines guesses as fast as the limits let him
        stranger = [attempt("owner@example.com", ip=ip).status_code for ip in n_ips(60)]
        # and from one machine, posing as many with a forged X-Forwarded-For
        forged = [
            attempt("owner@example.com", ip="198.51.100.66", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}").status_code
            for n in range(12)
        ]

        owner = attempt("owner@example.com", password=DEFAULT_PASSWORD, ip=HOME)

    assert stranger.count(401) == 11 and stranger.count(429) == 49
    assert forged.count(401) == 0
    assert owner.status_code == 200, owner.json()
    assert "access" in owner.json()


def test_from_a_new_address_the_owner_waits_the_delay_not_the_hour(limits):
    UserFactory(email="owner@example.com")
    with time_machine.travel("2026-05-04 10:30Z", tick=False) as clock:
        for ip in n_ips(12):
            attempt("owner@example.com", ip=ip)

        slowed = attempt("owner@example.com", password=DEFAULT_PASSWORD, ip="192.0.2.77")
        clock.shift(int(slowed["Retry-After"]))
        later = attempt("owner@example.com", password=DEFAULT_PASSWORD, ip="192.0.2.77")

    assert slowed.status_code == 429
    assert slowed.json()["message"].startswith(LOCKED)
    assert 1 <= int(slowed["Retry-After"]) <= 900
    assert later.status_code == 200


def test_each_failure_past_the_free_ones_doubles_the_wait_from_that_address(limits):
    UserFactory(email="bo@example.com")
    waits = []
    with time_machine.travel("2026-05-04 10:30Z", tick=False) as clock:
        for _ in range(3):  # the free tries
            assert attempt("bo@example.com").status_code == 401
        for _ in range(3):
            assert attempt("bo@example.com").status_code == 401  # this try passes the gate...
            refused = attempt("bo@example.com")  # ...and the next one waits
            assert refused.status_code == 429
            waits.append(int(refused["Retry-After"]))
            assert refused.json()["details"]["retry_after"] == waits[-1]
            clock.shift(waits[-1])
            # a new minute, so the 10/min per-IP limit of /auth stays out of the way
            clock.shift(60)

    assert waits == [2, 4, 8]


def test_the_wait_never_passes_the_cap(limits):
    limits.LOGIN_BACKOFF_MAX_SECONDS = 900
    assert [login_guard.backoff_seconds(n) for n in (1, 2, 3, 9, 10, 50, 10_000)] == [
        2,
        4,
        8,
        512,
        900,
        900,
        900,
    ]


def test_the_counts_are_forgotten_when_their_window_ends(limits):
    UserFactory(email="bo@example.com")
    with time_machine.travel("2026-05-04 10:30Z", tick=False) as clock:
        for ip in n_ips(12):
            attempt("bo@example.com", ip=ip)
        assert attempt("bo@example.com", password=DEFAULT_PASSWORD, ip="192.0.2.5").status_code == 429
        clock.move_to("2026-05-04 11:00:01Z")
        assert attempt("bo@example.com", password=DEFAULT_PASSWORD, ip="192.0.2.5").status_code == 200


def test_the_slowdown_reads_the_same_for_an_unknown_address(limits):
    limits.LOGIN_FREE_FAILURES_PER_ACCOUNT = 3
    UserFactory(email="real@example.com")
    with time_machine.travel("2026-05-04 10:30Z", tick=False):  # the same retry_after for both
        for ip in n_ips(4):
            attempt("real@example.com", ip=ip)
            attempt("nobody@example.com", ip=ip)

        real = attempt("real@example.com", ip="192.0.2.50")
        unknown = attempt("nobody@example.com", ip="192.0.2.51")

    assert real.status_code == unknown.status_code == 429
    assert real.json() == unknown.json()
    assert real["Retry-After"] == unknown["Retry-After"]


def test_email_and_username_count_against_one_account(limits):
    limits.LOGIN_FREE_FAILURES_PER_ACCOUNT = 4
    limits.LOGIN_BACKOFF_BASE_SECONDS = 600
    UserFactory(email="bo@example.com", username="bo")
    ips = iter(n_ips(10))
    for identifier in ("bo@example.com", "bo", "BO@example.com", "Bo", "bo"):
        assert attempt(identifier, ip=next(ips)).status_code == 401
    assert attempt("bo", password=DEFAULT_PASSWORD, ip=next(ips)).status_code == 429


def test_successful_logins_do_not_count_as_failures(limits):
    limits.LOGIN_FREE_FAILURES_PER_ACCOUNT = 3
    user = UserFactory(email="bo@example.com")
    for ip in n_ips(6):
        assert attempt("bo@example.com", password=DEFAULT_PASSWORD, ip=ip).status_code == 200
    assert login_guard.failures(account_key=account_key(user)) == 0


def test_a_right_password_clears_the_failures_from_that_address(limits):
    user = UserFactory(email="bo@example.com")
    for _ in range(3):
        attempt("bo@example.com", ip=HOME)
    assert attempt("bo@example.com", password=DEFAULT_PASSWORD, ip=HOME).status_code == 200
    assert login_guard.failures(account_key=account_key(user), ip=HOME) == 0
    assert login_guard.failures(account_key=account_key(user)) == 3


def test_one_ip_trying_many_accounts_is_refused_until_its_window_ends(limits):
    limits.LOGIN_FAILURE_LIMIT_IP = "5/hour"
    UserFactory(email="victim@example.com")
    statuses = [attempt(f"guess{n}@example.com", ip="198.51.100.66").status_code for n in range(5)]
    assert statuses == [401] * 5

    blocked = attempt("victim@example.com", password=DEFAULT_PASSWORD, ip="198.51.100.66")
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 3600
    assert attempt("victim@example.com", password=DEFAULT_PASSWORD, ip="198.51.100.67").status_code == 200


def test_the_login_page_applies_the_same_limit(client, limits):
    limits.LOGIN_FREE_FAILURES_PER_ACCOUNT = 2
    limits.LOGIN_BACKOFF_BASE_SECONDS = 600
    UserFactory(email="bo@example.com")
    for ip in n_ips(3):
        client.post("/login/", {"identifier": "bo@example.com", "password": "wrong"}, REMOTE_ADDR=ip)

    response = client.post(
        "/login/", {"identifier": "bo@example.com", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
