"""/notifications: list with filters and unread_count, read, read-all, delete, settings."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging.models import Notification, NotificationType
from messaging.services import notify

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications"
SETTINGS = f"{NOTIFICATIONS}/settings"


def make(user, type=NotificationType.BOOKING_CONFIRMED, **extra):
    return notify(user=user, type=type, title=extra.pop("title", f"{type} title"), **extra)


def test_list_items_and_unread_count(alice_api, alice):
    make(alice, title="Booked", body="Thursday 10:00", action_url="/bookings/1", data={"booking_id": "b-1"})
    read = make(alice, type=NotificationType.REVIEW_RECEIVED)
    read.is_read = True
    read.save()

    body = alice_api.get(NOTIFICATIONS).json()

    assert body["total"] == 2
    assert body["unread_count"] == 1
    newest = body["items"][1] if body["items"][0]["type"] == "review_received" else body["items"][0]
    assert newest == {
        "id": newest["id"],
        "type": "booking_confirmed",
        "title": "Booked",
        "body": "Thursday 10:00",
        "action_url": "/bookings/1",
        "data": {"booking_id": "b-1"},
        "is_read": False,
        "read_at": None,
        "created_at": newest["created_at"],
    }
    assert newest["created_at"].endswith("Z")


def test_filters_is_read_and_type(alice_api, alice):
    make(alice, type=NotificationType.PAYMENT_SUCCESS)
    make(alice, type=NotificationType.GROUP_POST)
    Notification.objects.filter(type="group_post").update(is_read=True)

    unread = alice_api.get(NOTIFICATIONS, {"is_read": "false"}).json()
    by_type = alice_api.get(NOTIFICATIONS, {"type": "group_post"}).json()

    assert [n["type"] for n in unread["items"]] == ["payment_success"]
    assert [n["type"] for n in by_type["items"]] == ["group_post"]
    assert by_type["unread_count"] == 1  # the summary counts every unread one, whatever the filter


def test_an_unknown_type_filter_is_a_validation_error(alice_api):
    response = alice_api.get(NOTIFICATIONS, {"type": "lottery_win"})

    assert response.status_code == 400
    assert "type" in response.json()["details"]


def test_read_one_then_read_all(alice_api, alice):
    first = make(alice)
    make(alice)
    make(alice)

    one = alice_api.post(f"{NOTIFICATIONS}/{first.pk}/read")
    rest = alice_api.post(f"{NOTIFICATIONS}/read-all")

    assert one.status_code == 200
    assert one.json()["is_read"] is True and one.json()["read_at"].endswith("Z")
    assert rest.json() == {"updated": 2}
    assert alice_api.get(NOTIFICATIONS).json()["unread_count"] == 0


def test_delete_removes_it(alice_api, alice):
    item = make(alice)

    assert alice_api.delete(f"{NOTIFICATIONS}/{item.pk}").status_code == 204
    assert not Notification.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("method, suffix", [("post", "/read"), ("delete", "")])
def test_someone_elses_notification_is_404(bob_api, alice, method, suffix):
    item = make(alice)

    for target in (item.pk, uuid.uuid4()):
        response = getattr(bob_api, method)(f"{NOTIFICATIONS}/{target}{suffix}")
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"
    item.refresh_from_db()
    assert item.is_read is False


def test_read_all_touches_only_your_own(alice_api, alice, bob):
    theirs = make(bob)

    alice_api.post(f"{NOTIFICATIONS}/read-all")

    theirs.refresh_from_db()
    assert theirs.is_read is False


def test_notification_list_runs_the_same_queries_for_5_and_50(alice_api, alice):
    counts = {}
    for size in (5, 50):
        while Notification.objects.filter(user=alice).count() < size:
            make(alice, data={"n": Notification.objects.count()})
        with CaptureQueriesContext(connection) as captured:
            assert alice_api.get(NOTIFICATIONS, {"limit": 100}).json()["total"] == size
        counts[size] = len(captured)

    # auth user, count, the page, unread_count
    assert counts[5] == counts[50] == 4


# --- settings -------------------------------------------------------------------------------------


def test_default_settings_are_everything_on_but_sms_and_course_update(alice_api):
    body = alice_api.get(SETTINGS).json()

    assert body["channels"] == {"email": True, "push": True, "sms": False}
    assert body["quiet_hours"] is None
    assert set(body["types"]) == set(NotificationType.values)
    assert [t for t, on in body["types"].items() if not on] == ["course_update"]


def test_patch_changes_only_what_is_given(alice_api):
    alice_api.patch(SETTINGS, {"channels": {"sms": True}}, format="json")
    response = alice_api.patch(
        SETTINGS,
        {
            "types": {"group_post": False, "course_update": True},
            "quiet_hours": {"start": "22:00", "end": "07:00"},
        },
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["channels"] == {"email": True, "push": True, "sms": True}
    assert body["types"]["group_post"] is False
    assert body["types"]["course_update"] is True
    assert body["types"]["booking_confirmed"] is True
    assert body["quiet_hours"] == {"start": "22:00:00", "end": "07:00:00"}
    assert alice_api.get(SETTINGS).json() == body

    cleared = alice_api.patch(SETTINGS, {"quiet_hours": None}, format="json").json()
    assert cleared["quiet_hours"] is None
    assert cleared["channels"]["sms"] is True


@pytest.mark.parametrize(
    "body, field",
    [
        ({"types": {"lottery_win": True}}, "types"),
        ({"channels": {"email": "maybe"}}, "channels"),
        ({"quiet_hours": {"start": "22:00"}}, "quiet_hours"),
    ],
)
def test_bad_settings_are_validation_errors(alice_api, body, field):
    response = alice_api.patch(SETTINGS, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["details"]


def test_in_app_cannot_be_switched_off(alice_api, alice):
    alice_api.patch(
        SETTINGS,
        {"channels": {"email": False, "push": False}, "types": {"booking_confirmed": False}},
        format="json",
    )

    make(alice)

    assert alice_api.get(NOTIFICATIONS).json()["total"] == 1
