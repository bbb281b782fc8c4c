"""GET /health: 200 when every dependency answers, 503 naming the one that does not; worker
and beat heartbeats that are missing or stale make it "degraded", still 200. HEAD: no body."""

from datetime import UTC, datetime

import pytest
import time_machine
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


@pytest.mark.django_db
def test_head_answers_the_status_without_a_body(client):
    response = client.head("/health")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_unreachable_broker_gives_503_naming_it(client, settings):
    settings.CELERY_BROKER_URL = BROKEN_REDIS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == "disconnected"
    assert body["database"] == "connected"
    assert body["details"]["failing"] == ["broker"]
    assert client.head("/health").status_code == 503


@pytest.mark.django_db
def test_embedded_broker_without_its_folders_is_disconnected(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://localhost/"
    missing = str(tmp_path / "gone")
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": missing,
        "data_folder_out": missing,
        "control_folder": str(tmp_path),
    }
    assert client.get("/health").json()["broker"] == "disconnected"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path),
    }
    assert client.get("/health").json()["broker"] == "connected"


@pytest.mark.django_db
def test_eager_tasks_expect_no_worker_or_beat(client):
    body = client.get("/health").json()
    assert body["worker"] == body["beat"] == "not_used"
    assert body["status"] == "healthy"


@pytest.fixture
def with_workers(settings):
    """Tasks go to a broker (as under `make run`), so a worker and beat are expected."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_HEARTBEAT_MAX_AGE = 180
    return settings


@pytest.mark.django_db
def test_never_seen_worker_and_beat_are_degraded_but_200(client, with_workers):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["worker"] == body["beat"] == "never_seen"
    assert body["heartbeats"] == {"worker": None, "beat": None}


@pytest.mark.django_db
def test_heartbeat_is_fresh_then_stale_past_the_threshold(client, with_workers):
    from celery.signals import before_task_publish

    from core.tasks import heartbeat

    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        # Beat publishes the task (its signal marks beat), a worker runs it (marks the worker).
        before_task_publish.send(sender="core.tasks.heartbeat", body=(), exchange="", routing_key="")
        heartbeat()

        clock.move_to(datetime(2026, 3, 2, 9, 3, tzinfo=UTC))  # 180 s: the last fresh second
        body = client.get("/health").json()
        assert body["status"] == "healthy"
        assert body["worker"] == body["beat"] == "running"
        assert body["heartbeats"] == {"worker": "2026-03-02T09:00:00Z", "beat": "2026-03-02T09:00:00Z"}

        clock.move_to(datetime(2026, 3, 2, 9, 3, 1, tzinfo=UTC))
        response = client.get("/health")
        assert response.status_code == 200
        assert response.json()["status"] == "degraded"
        assert response.json()["worker"] == response.json()["beat"] == "stale"

        heartbeat()  # the worker is back (beat still silent)
        body = client.get("/health").json()
        assert (body["worker"], body["beat"], body["status"]) == ("running", "stale", "degraded")


@pytest.mark.django_db
def test_worker_ready_and_beat_start_mark_them_seen(client, with_workers):
    from celery.signals import beat_init, worker_ready

    worker_ready.send(sender=None)
    beat_init.send(sender=None)
    body = client.get("/health").json()
    assert (body["worker"], body["beat"], body["status"]) == ("running", "running", "healthy")
