"""Failed-login limits (OWASP ASVS 2.2.1): per account and per IP, counted atomically, with a
lockout message that never tells whether the account exists."""

import pytest
import time_machine

from accounts import login_guard
from tests.accounts.helpers import LOGIN
from tests.api_client import APIClient
from tests.concurrency import run_together
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed log-in attempts."


def attempt(identifier: str, password: str = "wrong-password-1", ip: str = "203.0.113.1"):
    return APIClient().post(LOGIN, {"email": identifier, "password": password}, format="json", REMOTE_ADDR=ip)


def n_ips(n: int) -> list[str]:
    # a different address each time, so the 10/min per-IP throttle of /auth stays out of the way
    return [f"10.{i // 250}.{i % 250}.{1 + i % 7}" for i in range(n)]


def parallel_bad_logins(identifier: str, count: int) -> list[int]:
    # 10 threads started together, each trying again as soon as it is answered: the attempts keep
    # overlapping, while PostgreSQL's run stays well inside its connection limit.
    return run_together(lambda ip: attempt(identifier, ip=ip).status_code, n_ips(count), threads=10)


def account_key(user) -> str:
    return f"user:{user.pk}"


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_bad_logins_are_each_counted_and_the_next_is_locked_out():
    user = UserFactory(email="target@example.com")

    statuses = parallel_bad_logins("target@example.com", 50)

    assert statuses == [401] * 50
    assert login_guard.failures(account_key=account_key(user)) == 50
    # the limit is reached: even the right password is refused now, before it is checked
    locked = attempt("target@example.com", password=DEFAULT_PASSWORD, ip="192.0.2.200")
    assert locked.status_code == 429
    assert locked.json()["error"] == "RATE_LIMITED"
    assert locked.json()["message"].startswith(LOCKED)


@pytest.mark.django_db(transaction=True)
def test_racing_attempts_never_get_more_password_checks_than_the_limit(settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = "20/hour"
    user = UserFactory(email="target@example.com")

    statuses = parallel_bad_logins("target@example.com", 50)

    assert sorted(statuses) == [401] * 20 + [429] * 30
    assert login_guard.failures(account_key=account_key(user)) == 20


def test_no_more_than_100_failures_fit_in_any_hour():
    UserFactory(email="target@example.com")
    ips = iter(n_ips(300))
    with time_machine.travel("2026-05-04 10:30Z") as clock:
        first_hour = [attempt("target@example.com", ip=next(ips)).status_code for _ in range(60)]
        clock.move_to("2026-05-04 11:00:01Z")  # a new window opens half an hour later
        second_hour = [attempt("target@example.com", ip=next(ips)).status_code for _ in range(60)]
        clock.move_to("2026-05-04 11:29Z")
        still_locked = attempt("target@example.com", password=DEFAULT_PASSWORD, ip=next(ips))
        clock.move_to("2026-05-04 12:00:01Z")
        later = attempt("target@example.com", password=DEFAULT_PASSWORD, ip=next(ips))

    assert first_hour.count(401) + second_hour.count(401) == 100  # 10:30-11:30: exactly 100
    assert still_locked.status_code == 429
    assert later.status_code == 200


def test_the_lockout_reads_the_same_for_an_unknown_address(settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = "3/hour"
    UserFactory(email="real@example.com")
    with time_machine.travel("2026-05-04 10:30Z", tick=False):  # the same retry_after for both
        for ip in n_ips(3):
            attempt("real@example.com", ip=ip)
            attempt("nobody@example.com", ip=ip)

        real = attempt("real@example.com", ip="192.0.2.50").json()
        unknown = attempt("nobody@example.com", ip="192.0.2.51").json()

    assert real == unknown
    assert real["error"] == "RATE_LIMITED"


def test_email_and_username_count_against_one_account(settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = "4/hour"
    UserFactory(email="bo@example.com", username="bo")
    ips = iter(n_ips(10))
    for identifier in ("bo@example.com", "bo", "BO@example.com", "Bo"):
        assert attempt(identifier, ip=next(ips)).status_code == 401
    assert attempt("bo", password=DEFAULT_PASSWORD, ip=next(ips)).status_code == 429


def test_successful_logins_do_not_count_as_failures(settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = "3/hour"
    user = UserFactory(email="bo@example.com")
    for ip in n_ips(6):
        assert attempt("bo@example.com", password=DEFAULT_PASSWORD, ip=ip).status_code == 200
    assert login_guard.failures(account_key=account_key(user)) == 0


def test_one_ip_trying_many_accounts_is_locked_out(settings):
    settings.LOGIN_FAILURE_LIMIT_IP = "5/hour"
    UserFactory(email="victim@example.com")
    statuses = [attempt(f"guess{n}@example.com", ip="198.51.100.66").status_code for n in range(5)]
    assert statuses == [401] * 5

    blocked = attempt("victim@example.com", password=DEFAULT_PASSWORD, ip="198.51.100.66")
    assert blocked.status_code == 429
    assert attempt("victim@example.com", password=DEFAULT_PASSWORD, ip="198.51.100.67").status_code == 200


def test_the_login_page_applies_the_same_limit(client, settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = "2/hour"
    UserFactory(email="bo@example.com")
    for ip in n_ips(2):
        client.post("/login/", {"identifier": "bo@example.com", "password": "wrong"}, REMOTE_ADDR=ip)

    response = client.post(
        "/login/", {"identifier": "bo@example.com", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
