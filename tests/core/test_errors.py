"""Every error path answers with {"error", "message", "details"} and the right status."""

import pytest
from django.test import Client


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error", "message", "details"}
    assert body["error"] == code
    assert body["message"]
    return body


@pytest.mark.django_db
def test_unknown_api_url_is_not_found_in_api_format(anon_client):
    assert_error(anon_client.get("/api/v1/no/such/thing"), 404, "NOT_FOUND")
    assert_error(anon_client.post("/api/v1/nothing-here/", {}), 404, "NOT_FOUND")


@pytest.mark.django_db
def test_wrong_method_is_405(anon_client):
    assert_error(anon_client.get("/api/v1/auth/login"), 405, "METHOD_NOT_ALLOWED")


@pytest.mark.django_db
def test_missing_token_is_401(anon_client):
    body = assert_error(anon_client.get("/api/v1/users/me"), 401, "UNAUTHORIZED")
    assert "credentials" in body["message"].lower()


@pytest.mark.django_db
def test_tampered_token_is_401(learner_client):
    header = learner_client._credentials["HTTP_AUTHORIZATION"]
    head, payload, signature = header.split(" ")[1].split(".")
    forged = f"{head}.{payload}.{signature[:-4]}AAAA"
    learner_client.credentials(HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert_error(learner_client.get("/api/v1/users/me"), 401, "UNAUTHORIZED")


@pytest.mark.django_db
def test_garbage_token_is_401(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-jwt")
    assert_error(anon_client.get("/api/v1/users/me"), 401, "UNAUTHORIZED")


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls")
def test_exception_in_view_is_internal_error_without_traceback(anon_client, caplog):
    response = anon_client.get("/api/v1/test/boom")
    body = assert_error(response, 500, "INTERNAL_ERROR")
    assert "hunter2" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert body["details"] == {}
    assert any("Unhandled exception" in r.message for r in caplog.records)


@pytest.mark.django_db
@pytest.mark.urls("tests.core.urls")
def test_exception_in_plain_django_view_under_api_is_json():
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/test/plain-boom")
    assert_error(response, 500, "INTERNAL_ERROR")
    assert "boom outside DRF" not in response.content.decode()


@pytest.mark.django_db
def test_malformed_json_is_validation_error(anon_client):
    response = anon_client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert "body" in body["details"]


@pytest.mark.django_db
def test_validation_error_names_each_bad_field(anon_client):
    response = anon_client.post("/api/v1/auth/register", {"email": "nope", "password": ""}, format="json")
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert set(body["details"]) >= {"email", "password"}
    assert all(isinstance(messages, list) and messages for messages in body["details"].values())


@pytest.mark.django_db
def test_trailing_slash_is_accepted_on_api_paths(learner_client):
    assert learner_client.get("/api/v1/users/me").status_code == 200
    assert learner_client.get("/api/v1/users/me/").status_code == 200


@pytest.mark.django_db
def test_unknown_site_page_is_an_html_404():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
