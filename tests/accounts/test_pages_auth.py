"""The accounts pages: every page's landmarks and labels, sign-up, e-mail verification, log-in/out.

Mails go out on commit through an (eager) Celery task, so the tests that expect one run the
request inside django_capture_on_commit_callbacks(execute=True).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"
INPUT_TYPES_WITHOUT_LABEL = {"hidden", "submit", "button", "reset", "image"}


# --- helpers ------------------------------------------------------------------------------------


class PageAudit(HTMLParser):
    """What the accessibility checks need from a page: landmarks, focus order, labels, ids."""

    FOCUSABLE = {"a", "button", "input", "select", "textarea"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.main_ids: list[str | None] = []
        self.first_focusable: tuple[str, dict] | None = None
        self.first_focusable_text = ""
        self.label_targets: set[str] = set()
        self.controls: list[tuple[dict, bool]] = []  # (attributes, wrapped in a <label>)
        self.ids: dict[str, tuple[str, dict]] = {}
        self.post_forms_without_csrf = 0
        self._label_depth = 0
        self._in_first_focusable = False
        self._form_stack: list[dict] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if "id" in attrs:
            self.ids[attrs["id"]] = (tag, attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "main":
            self.main_ids.append(attrs.get("id"))
        elif tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        elif tag == "form":
            self._form_stack.append({"post": attrs.get("method", "").lower() == "post", "csrf": False})
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self._form_stack:
            self._form_stack[-1]["csrf"] = True

        is_control = tag in {"select", "textarea"} or (
            tag == "input" and attrs.get("type", "text") not in INPUT_TYPES_WITHOUT_LABEL
        )
        if is_control:
            self.controls.append((attrs, self._label_depth > 0))
        hidden = tag == "input" and attrs.get("type") == "hidden"
        if self.first_focusable is None and tag in self.FOCUSABLE and not hidden:
            self.first_focusable = (tag, attrs)
            self._in_first_focusable = tag == "a"

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1
        elif tag == "form" and self._form_stack:
            form = self._form_stack.pop()
            if form["post"] and not form["csrf"]:
                self.post_forms_without_csrf += 1
        elif tag == "a":
            self._in_first_focusable = False

    def handle_data(self, data):
        if self._in_first_focusable:
            self.first_focusable_text += data


def audit(response) -> PageAudit:
    return PageAudit(response.content.decode())


def assert_accessible_page(response) -> PageAudit:
    page = audit(response)
    assert page.lang, "<html> has no lang"
    assert page.main_ids == ["main"], "one <main id=main> expected"
    tag, attrs = page.first_focusable
    assert (tag, attrs.get("href"), page.first_focusable_text.strip()) == (
        "a",
        "#main",
        "Skip to main content",
    ), "the skip link must be the first thing the keyboard reaches"
    for attrs, wrapped in page.controls:
        assert wrapped or attrs.get("id") in page.label_targets, f"input without a label: {attrs}"
    assert page.post_forms_without_csrf == 0
    return page


def assert_field_error(response, field_id: str, text: str) -> None:
    """The field is marked invalid, its error is linked to it and listed in the summary."""
    page = audit(response)
    tag, attrs = page.ids[field_id]
    assert attrs.get("aria-invalid") == "true"
    error_id = f"{field_id}_error"
    assert error_id in attrs.get("aria-describedby", "").split()
    assert error_id in page.ids
    html = response.content.decode()
    assert 'role="alert"' in html
    assert text in html


def mailed_link(mail, marker: str) -> str:
    """The path of the link in a mail (links carry SITE_URL's host; the test client needs none)."""
    url = next(u for u in re.findall(r"https?://\S+", mail.body) if marker in u)
    return urlsplit(url).path


def signup_data(**overrides) -> dict:
    data = {
        "full_name": "Ada Lovelace",
        "email": "ada@example.com",
        "username": "",
        "password": "engines-and-numbers-1843",
        "persona": "beginner",
        "intended_role": "learner",
    }
    return {**data, **overrides}


def sign_up(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), signup_data(**overrides))


# --- every page ---------------------------------------------------------------------------------

ANONYMOUS_PAGES = [
    reverse("home"),
    reverse("accounts:signup"),
    reverse("accounts:login"),
    reverse("accounts:verification-sent"),
    reverse("accounts:verify-email", args=["some-key"]),
    reverse("accounts:password-reset"),
    reverse("accounts:password-reset-sent"),
]
SIGNED_IN_PAGES = [
    reverse("home"),
    reverse("accounts:account"),
    reverse("accounts:password-change"),
    reverse("accounts:verification-sent"),
]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_public_pages_have_main_landmark_skip_link_and_labelled_inputs(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert_accessible_page(response)
    assert b"Log in" in response.content and b"Sign up" in response.content


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_pages_have_main_landmark_skip_link_and_labelled_inputs(client, url):
    client.force_login(UserFactory(is_verified=False))

    response = client.get(url)

    assert response.status_code == 200
    assert_accessible_page(response)
    assert b">Log out</button>" in response.content


def test_unknown_page_shows_the_404_page_in_the_site_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert_accessible_page(response)


# --- sign-up ------------------------------------------------------------------------------------


def test_signup_creates_the_account_logs_in_and_mails_a_verification_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email="Ada@Example.com")

    assert response.status_code == 302
    assert response.url == reverse("accounts:verification-sent")
    user = User.objects.get(email="ada@example.com")
    assert user.full_name == "Ada Lovelace"
    assert not user.is_verified
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]
    assert "/verify-email/" in mailoutbox[0].body

    sent_page = client.get(response.url)
    assert b"Check your inbox" in sent_page.content
    assert b"ada@example.com" in sent_page.content  # signed in: the page names the address


def test_signup_with_malformed_input_shows_field_errors_and_creates_nothing(client, mailoutbox):
    response = client.post(reverse("accounts:signup"), signup_data(full_name="", email="not-an-email"))

    assert response.status_code == 200
    assert_field_error(response, "id_email", "Enter a valid email address.")
    assert_field_error(response, "id_full_name", "This field is required.")
    assert b'value="not-an-email"' in response.content  # what was typed is kept
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signup_with_a_weak_password_shows_the_rule_on_the_password_field(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, password="12345678")

    assert response.status_code == 200
    assert_field_error(response, "id_password", "This password is too common.")
    assert not User.objects.exists()
    assert mailoutbox == []
    assert "_auth_user_id" not in client.session


def test_signup_with_a_taken_email_says_so_on_the_email_field(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="ada@example.com")

    response = sign_up(client, django_capture_on_commit_callbacks, email="ADA@example.com")

    assert response.status_code == 200
    assert_field_error(response, "id_email", "An account with this e-mail already exists.")
    assert User.objects.count() == 1
    assert mailoutbox == []


# --- e-mail verification ------------------------------------------------------------------------


def test_link_from_the_mail_verifies_the_address_after_pressing_confirm(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = mailed_link(mailoutbox[0], "/verify-email/")

    landing = client.get(link)
    assert landing.status_code == 200
    assert b"Confirm my e-mail</button>" in landing.content
    # Opening the link (as mail scanners do) confirms nothing; the button does.
    assert not User.objects.get(email="ada@example.com").is_verified

    response = client.post(link, follow=True)

    assert response.redirect_chain == [(reverse("accounts:account"), 302)]
    assert User.objects.get(email="ada@example.com").is_verified
    assert b'data-testid="email-status">Verified<' in response.content
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Thank you: ada@example.com is verified."]


def test_verifying_while_logged_out_leads_to_the_login_page_with_a_message(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.post(reverse("accounts:logout"), follow=True)

    response = client.post(mailed_link(mailoutbox[0], "/verify-email/"), follow=True)

    assert response.redirect_chain == [(reverse("accounts:login"), 302)]
    assert User.objects.get(email="ada@example.com").is_verified
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Thank you: ada@example.com is verified. Log in to continue."]


def test_a_bad_verification_key_shows_a_clear_error(client):
    response = client.post(reverse("accounts:verify-email", args=["not-a-real-key"]))

    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert b"This link is invalid or has expired." in response.content


def test_resend_verification_mails_a_new_link(client, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(is_verified=False)
    client.force_login(user)
    account = client.get(reverse("accounts:account"))
    assert b"Resend verification mail</button>" in account.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:verification-resend"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:verification-sent")
    assert [m.to for m in mailoutbox] == [[user.email]]


# --- log-in, log-out ----------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", ["ada@example.com", "ADA@example.com", "ada_l"])
def test_login_with_email_or_username_opens_the_account(client, identifier):
    user = UserFactory(email="ada@example.com", username="ada_l", full_name="Ada Lovelace")

    response = client.post(
        reverse("accounts:login"), {"identifier": identifier, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:account")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert b"Ada Lovelace" in client.get(response.url).content


def test_wrong_password_and_unknown_account_get_the_same_error(client):
    UserFactory(email="ada@example.com")

    wrong_password = client.post(
        reverse("accounts:login"), {"identifier": "ada@example.com", "password": "not-it"}
    )
    unknown = client.post(reverse("accounts:login"), {"identifier": "who@example.com", "password": "not-it"})

    message = b"Invalid e-mail/username or password."
    for response in (wrong_password, unknown):
        assert response.status_code == 200
        assert message in response.content
        assert b'role="alert"' in response.content
    assert b'value="who@example.com"' in unknown.content
    assert "_auth_user_id" not in client.session


def test_login_follows_a_local_next_but_never_another_site(client):
    UserFactory(email="ada@example.com")
    credentials = {"identifier": "ada@example.com", "password": DEFAULT_PASSWORD}

    local = client.post(f"{reverse('accounts:login')}?next=/password/change/", credentials)
    client.logout()
    foreign = client.post(f"{reverse('accounts:login')}?next=https://evil.example/", credentials)

    assert local.url == "/password/change/"
    assert foreign.url == reverse("accounts:account")


def test_logout_only_accepts_post(client):
    client.force_login(UserFactory())

    get = client.get(reverse("accounts:logout"))
    assert get.status_code == 405
    assert "_auth_user_id" in client.session

    post = client.post(reverse("accounts:logout"), follow=True)
    assert post.redirect_chain == [(reverse("home"), 302)]
    assert "_auth_user_id" not in client.session
    assert b"You are logged out." in post.content
