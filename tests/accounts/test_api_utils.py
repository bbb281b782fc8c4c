"""/utils reference lists: generated from pycountry, babel and phonenumbers, whole, cacheable."""

import pytest

pytestmark = pytest.mark.django_db


def get(client, name):
    response = client.get(f"/api/v1/utils/{name}")
    assert response.status_code == 200
    assert "max-age=86400" in response["Cache-Control"]
    return response.json()


def test_countries_are_the_iso_list_with_names(anon_client):
    body = get(anon_client, "countries")
    assert body["total"] == len(body["items"]) == body["limit"] == 249
    assert body["pages"] == 1
    assert {"code": "DE", "name": "Germany"} in body["items"]
    assert {"code": "TW", "name": "Taiwan"} in body["items"]  # the common name


def test_languages_are_iso_639_1_with_readable_names(anon_client):
    items = get(anon_client, "languages")["items"]
    assert {"code": "de", "name": "German"} in items
    assert {"code": "el", "name": "Greek"} in items
    assert len(items) > 150


def test_proficiency_levels(anon_client):
    items = get(anon_client, "proficiency-levels")["items"]
    assert [row["code"] for row in items] == ["beginner", "intermediate", "advanced", "native"]


def test_phone_codes_per_country(anon_client):
    items = get(anon_client, "phone-codes")["items"]
    assert {"country": "DE", "name": "Germany", "code": "+49"} in items
    assert {"country": "US", "name": "United States", "code": "+1"} in items


def test_currencies_in_use_with_symbols(anon_client):
    items = {row["code"]: row for row in get(anon_client, "currencies")["items"]}
    assert items["EUR"] == {"code": "EUR", "symbol": "€", "name": "Euro"}
    assert items["JPY"]["symbol"] == "¥"
    assert "XAU" not in items  # gold: ISO 4217, but nobody pays a mentor in it
    assert "DEM" not in items  # withdrawn


def test_a_stale_token_does_not_turn_a_public_list_into_a_401(anon_client):
    anon_client.credentials(HTTP_AUTHORIZATION="Bearer expired.or.junk")
    assert anon_client.get("/api/v1/utils/countries").status_code == 200
