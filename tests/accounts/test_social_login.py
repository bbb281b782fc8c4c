"""POST /api/v1/auth/social/{provider} and the site's buttons: Google, Apple and LinkedIn through
django-allauth's providers. Only the providers' HTTP endpoints are stood in for (tests.accounts.social_fakes)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from accounts.models import AuditEntry, LearnerProfile, User
from tests.accounts import social_fakes as fakes
from tests.accounts.helpers import LOGIN, ME, bearer
from tests.api_client import APIClient
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROVIDERS = ["google", "apple", "linkedin"]


@pytest.fixture
def providers(settings):
    settings.SOCIALACCOUNT_PROVIDERS = fakes.providers_settings(*PROVIDERS)


@pytest.fixture
def provider_http():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        fakes.serve_provider_keys(mocked)
        yield mocked


def sign_in(provider: str, token: str):
    return APIClient().post(f"/api/v1/auth/social/{provider}", {"token": token}, format="json")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_first_sign_in_creates_a_verified_account(providers, provider_http, provider):
    # Apple sends the name beside the token, not in it
    names = (
        {} if provider == "apple" else {"name": "New Person", "given_name": "New", "family_name": "Person"}
    )
    response = sign_in(provider, fakes.id_token(provider, email="New.Person@Example.com", **names))

    assert response.status_code == 200
    body = response.json()
    assert body["created"] is True
    assert body["user"]["email"] == "new.person@example.com"
    assert body["user"]["is_verified"] is True
    assert body["user"]["full_name"] == ("" if provider == "apple" else "New Person")
    assert body["token_type"] == "Bearer"
    assert bearer(APIClient(), body["access"]).get(ME).json()["email"] == "new.person@example.com"
    user = User.objects.get(email="new.person@example.com")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert LearnerProfile.objects.filter(user=user).exists()  # what every sign-up gets
    assert SocialAccount.objects.get(user=user).provider == provider


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_next_sign_in_uses_the_same_account(providers, provider_http, provider):
    first = sign_in(provider, fakes.id_token(provider, sub="abc-1")).json()
    # the provider may report a changed address later: the provider account still decides
    second = sign_in(provider, fakes.id_token(provider, sub="abc-1", email="changed@example.com")).json()

    assert second["created"] is False
    assert second["user"]["id"] == first["user"]["id"]
    assert User.objects.count() == 1


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_verified_email_links_to_the_existing_account(providers, provider_http, provider):
    existing = UserFactory(email="ann@example.com", is_verified=True)

    body = sign_in(provider, fakes.id_token(provider, email="ANN@example.com")).json()

    assert (body["created"], body["user"]["id"]) == (False, str(existing.pk))
    assert SocialAccount.objects.get(provider=provider).user == existing
    # the password still works too
    assert (
        APIClient()
        .post(LOGIN, {"email": "ann@example.com", "password": DEFAULT_PASSWORD}, format="json")
        .status_code
        == 200
    )
    entry = AuditEntry.objects.get(action="user.social_link")
    assert (entry.actor_id, entry.details["provider"]) == (existing.pk, provider)


def test_linking_to_an_unverified_account_voids_its_unproven_password(providers, provider_http):
    squatter = UserFactory(email="ann@example.com", is_verified=False)

    body = sign_in("google", fakes.id_token("google", email="ann@example.com")).json()

    assert body["user"]["id"] == str(squatter.pk)
    squatter.refresh_from_db()
    assert squatter.is_verified
    assert not squatter.has_usable_password()
    assert (
        APIClient()
        .post(LOGIN, {"email": "ann@example.com", "password": DEFAULT_PASSWORD}, format="json")
        .status_code
        == 401
    )


def test_an_email_the_provider_did_not_verify_is_not_trusted(providers, provider_http):
    UserFactory(email="ann@example.com")
    response = sign_in("google", fakes.id_token("google", email="ann@example.com", verified=False))
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    "claims",
    [
        {"key": "other"},  # signed with a key the provider never published
        {"aud": "someone-elses-client-id"},
        {"iss": "https://evil.example.com"},
        {"exp": 1_000_000_000},
    ],
)
def test_a_token_that_fails_verification_is_refused(providers, provider_http, claims):
    if claims.get("key") == "other":
        token = fakes.id_token("google", key=fakes.other_key())
    else:
        token = fakes.id_token("google", **claims)
    response = sign_in("google", token)
    assert response.status_code == 401
    assert response.json()["error"] == "UNAUTHORIZED"
    assert not User.objects.exists()


def test_a_token_presented_twice_is_refused(providers, provider_http):
    token = fakes.id_token("apple")
    assert sign_in("apple", token).status_code == 200
    assert sign_in("apple", token).status_code == 401


def test_a_deleted_account_cannot_sign_in_with_a_provider(providers, provider_http):
    from django.utils import timezone

    UserFactory(email="ann@example.com", deleted_at=timezone.now(), is_active=False)
    response = sign_in("google", fakes.id_token("google", email="ann@example.com"))
    assert response.status_code == 401


def test_an_unconfigured_or_unknown_provider_is_not_found(settings):
    settings.SOCIALACCOUNT_PROVIDERS = fakes.providers_settings("google")
    assert sign_in("apple", "x.y.z").status_code == 404
    assert sign_in("myspace", "x.y.z").status_code == 404


def test_a_missing_token_is_a_validation_error(providers):
    response = APIClient().post("/api/v1/auth/social/google", {}, format="json")
    assert response.status_code == 400
    assert "token" in response.json()["details"]


# --- the site's buttons -------------------------------------------------------------------------


def test_buttons_show_only_for_configured_providers(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = fakes.providers_settings()
    assert b"Continue with" not in client.get("/login/").content

    settings.SOCIALACCOUNT_PROVIDERS = fakes.providers_settings("google", "linkedin")
    html = client.get("/login/").content.decode()
    assert "Continue with Google" in html
    assert "Continue with LinkedIn" in html
    assert "Continue with Apple" not in html
    assert "Continue with Google" in client.get("/signup/").content.decode()


def test_the_google_button_signs_in_through_the_redirect_flow(client, providers, provider_http):
    start = client.post("/social/google/login/", {"process": "login"})
    assert start.status_code == 302
    redirect = urlsplit(start["Location"])
    assert redirect.netloc == "accounts.google.com"
    state = parse_qs(redirect.query)["state"][0]
    provider_http.post(
        fakes.GOOGLE_TOKEN,
        json={
            "access_token": "ya29.test",
            "expires_in": 3599,
            "token_type": "Bearer",
            "id_token": fakes.id_token(
                "google", email="web@example.com", given_name="Web", family_name="Person"
            ),
        },
    )

    back = client.get("/social/google/login/callback/", {"code": "4/auth-code", "state": state}, follow=True)

    assert back.redirect_chain[-1][0] == "/account/"
    assert "Web Person" in back.content.decode()
    user = User.objects.get(email="web@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.is_verified


def test_a_plain_visit_to_the_start_url_goes_back_to_the_login_page(client, providers):
    response = client.get("/social/google/login/")
    assert (response.status_code, response["Location"]) == (302, "/login/")
