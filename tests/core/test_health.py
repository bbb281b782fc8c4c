"""GET /health: 200 when every dependency answers, 503 naming the one that does not."""

import pytest
from django.db import connections
from django.test import override_settings

BROKEN_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.mark.django_db
def test_healthy_when_all_dependencies_answer(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["database"] == body["cache"] == body["channel_layer"] == "connected"
    assert body["timestamp"].endswith("Z")


@pytest.mark.django_db
def test_unreachable_database_gives_503_naming_it(client):
    # A real connection object for the same backend, pointed at a place that cannot be opened.
    original = connections["default"]
    broken = connections.create_connection("default")
    if original.vendor == "sqlite":
        unreachable = {"NAME": "/nonexistent-dir/mentora.sqlite3"}
    else:
        unreachable = {"HOST": "127.0.0.1", "PORT": "1"}
    broken.settings_dict = {**original.settings_dict, **unreachable}
    connections["default"] = broken
    try:
        response = client.get("/health")
    finally:
        connections["default"] = original
        broken.close()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["database"] == "disconnected"
    assert body["cache"] == "connected"
    assert body["error"] == "SERVICE_UNAVAILABLE"
    assert "database" in body["message"]
    assert body["details"]["failing"] == ["database"]


@pytest.mark.django_db
def test_unreachable_cache_gives_503_naming_it(client):
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": BROKEN_REDIS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["cache"] == "disconnected"
    assert response.json()["details"]["failing"] == ["cache"]


@pytest.mark.django_db
def test_unreachable_channel_layer_gives_503_naming_it(client):
    layers = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [BROKEN_REDIS]}}
    }
    with override_settings(CHANNEL_LAYERS=layers):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["channel_layer"] == "disconnected"
    assert response.json()["details"]["failing"] == ["channel_layer"]


@pytest.mark.django_db
def test_health_exposes_no_settings_or_secrets(client, settings):
    settings.SECRET_KEY = "do-not-leak-this-value-0123456789-abcdefghijklmnopqrstuvwxyz"
    body = client.get("/health").content.decode()
    assert settings.SECRET_KEY not in body
    assert "password" not in body.lower()
