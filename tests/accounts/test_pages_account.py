"""The accounts pages: the account page and its edit form, password reset and change.

Mails go out on commit through an (eager) Celery task, so the tests that expect one run the
request inside django_capture_on_commit_callbacks(execute=True).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.test_pages_auth import (
    NEW_PASSWORD,
    assert_accessible_page,
    assert_field_error,
    mailed_link,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


# --- the account --------------------------------------------------------------------------------


def test_account_page_requires_login(client):
    response = client.get(reverse("accounts:account"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('accounts:account')}"


def test_account_page_shows_who_you_are(client):
    user = UserFactory(full_name="Ada Lovelace", persona="mid_level", timezone="Europe/London")
    client.force_login(user)

    html = client.get(reverse("accounts:account")).content.decode()

    for text in ("Ada Lovelace", user.email, "Verified<", "Mid-level", "Europe/London"):
        assert text in html
    assert "Resend verification mail" not in html


def account_form(**overrides) -> dict:
    return {
        "full_name": "Ada King",
        "timezone": "Europe/London",
        "currency": "gbp",
        "preferred_language": "en",
        **overrides,
    }


def test_account_edit_saves_the_details(client):
    user = UserFactory(full_name="Ada Lovelace")
    client.force_login(user)

    response = client.post(reverse("accounts:account"), account_form(), follow=True)

    assert response.redirect_chain == [(reverse("accounts:account"), 302)]
    assert b"Your details are saved." in response.content
    user.refresh_from_db()
    assert (user.full_name, user.timezone, user.currency) == ("Ada King", "Europe/London", "GBP")


def test_account_edit_with_an_unknown_time_zone_shows_the_error_and_saves_nothing(client):
    user = UserFactory(full_name="Ada Lovelace")
    client.force_login(user)

    response = client.post(reverse("accounts:account"), account_form(timezone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    assert_field_error(response, "id_timezone", "Use an IANA time zone name, e.g. Europe/Berlin.")
    user.refresh_from_db()
    assert (user.full_name, user.timezone) == ("Ada Lovelace", "UTC")


# --- passwords ----------------------------------------------------------------------------------


def test_password_reset_mails_a_known_address_and_not_an_unknown_one_with_the_same_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="ada@example.com")
    url = reverse("accounts:password-reset")

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "ada@example.com"}, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(url, {"email": "nobody@example.com"}, follow=True)

    assert [m.to for m in mailoutbox] == [["ada@example.com"]]
    for response in (known, unknown):
        assert response.redirect_chain == [(reverse("accounts:password-reset-sent"), 302)]
        assert b"If an account exists for the address you entered" in response.content


def test_the_mailed_reset_link_sets_the_new_password_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "ada@example.com"})
    link = mailed_link(mailoutbox[0], "/password/reset/")

    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password": NEW_PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert b"Your password is changed." in response.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    again = client.get(link)
    assert again.status_code == 400
    assert b"This reset link no longer works" in again.content
    assert_accessible_page(again)


def test_a_spent_or_forged_reset_link_says_so_before_asking_for_a_password(client):
    response = client.get(reverse("accounts:password-reset-confirm", args=["1-abc"]))

    assert response.status_code == 400
    assert b"This reset link no longer works" in response.content
    assert b'name="new_password"' not in response.content
    assert b"Ask for a new reset link" in response.content


def test_login_form_shares_the_api_limit_of_ten_a_minute_per_ip(client):
    UserFactory(email="ada@example.com")
    url = reverse("accounts:login")
    statuses = [
        client.post(url, {"identifier": "ada@example.com", "password": "wrong-guess"}).status_code
        for _ in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    blocked = client.post(url, {"identifier": "ada@example.com", "password": DEFAULT_PASSWORD})
    assert blocked.status_code == 429
    assert b"Too many attempts" in blocked.content
    assert int(blocked["Retry-After"]) >= 1


def test_reset_confirm_with_a_weak_password_keeps_the_old_one(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": "ada@example.com"})

    response = client.post(mailed_link(mailoutbox[0], "/password/reset/"), {"new_password": "password"})

    assert_field_error(response, "id_new_password", "This password is too common.")
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_password_change_keeps_this_session_logged_in(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("accounts:account"), 302)]
    assert b"Your password is changed." in response.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_password_change_with_a_wrong_current_password_says_so(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password-change"), {"old_password": "not-it", "new_password": NEW_PASSWORD}
    )

    assert_field_error(response, "id_old_password", "The current password is not correct.")
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
