"""/users/me/avatar: content-checked, re-encoded pictures stored through Django's storage API."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from storages.backends.s3 import S3Storage

from accounts.models import User
from accounts.storage import avatar_storage
from tests.accounts import images
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AVATAR = "/api/v1/users/me/avatar"
FIVE_MB = 5 * 1024 * 1024


def post(client, data: bytes, name="me.png", content_type="image/png"):
    return client.post(AVATAR, {"file": images.upload(data, name, content_type)}, format="multipart")


def stored(user: User) -> Image.Image:
    user.refresh_from_db()
    with default_storage.open(user.avatar.name) as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def test_without_a_picture_the_default_one_is_returned(learner_client):
    body = learner_client.get(AVATAR).json()
    assert body == {"avatar_url": "http://testserver/static/img/default-avatar.svg", "uploaded_at": None}


def test_upload_stores_a_square_re_encoded_picture_and_returns_its_url(learner_client, learner):
    response = post(learner_client, images.image_bytes("PNG", size=(1200, 900)))

    assert response.status_code == 201
    body = response.json()
    assert body["avatar_url"].startswith("http://testserver/media/avatars/")
    assert body["uploaded_at"].endswith("Z")
    picture = stored(learner)
    assert picture.size == (512, 512)
    assert learner_client.get("/api/v1/users/me").json()["avatar_url"] == body["avatar_url"]


def test_exif_such_as_gps_position_is_stripped(learner_client, learner):
    data = images.jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get(images.MAKE) == "SpyCam 3000"

    assert post(learner_client, data, "holiday.jpg", "image/jpeg").status_code == 201

    picture = stored(learner)
    assert picture.format == "JPEG"
    assert dict(picture.getexif()) == {}
    assert "exif" not in picture.info


@pytest.mark.parametrize(
    ("fmt", "mode", "color", "expected"),
    [
        ("GIF", "P", 3, "JPEG"),
        ("WEBP", "RGB", (0, 90, 200), "JPEG"),
        ("PNG", "RGBA", (0, 90, 200, 120), "PNG"),  # transparency is kept
    ],
)
def test_gif_webp_and_transparent_png_are_accepted(learner_client, learner, fmt, mode, color, expected):
    assert (
        post(learner_client, images.image_bytes(fmt, size=(64, 64), mode=mode, color=color)).status_code
        == 201
    )
    picture = stored(learner)
    assert picture.format == expected
    assert picture.size == (64, 64)  # small pictures are never blown up


def test_a_png_that_is_really_a_pdf_is_refused(learner_client, learner):
    response = post(learner_client, images.pdf_bytes(), "cv.png", "image/png")
    assert response.status_code == 400
    assert response.json()["error"] == "VALIDATION_ERROR"
    assert response.json()["details"]["file"] == ["Upload a JPG, PNG, GIF or WebP picture."]
    learner.refresh_from_db()
    assert not learner.avatar


def test_five_megabytes_are_accepted_and_one_byte_more_is_refused(learner_client, learner):
    picture = images.image_bytes("PNG", size=(100, 100))
    assert post(learner_client, images.padded_to(picture, FIVE_MB)).status_code == 201

    response = post(learner_client, images.padded_to(picture, FIVE_MB + 1))
    assert response.status_code == 400
    assert response.json()["details"]["file"] == ["The picture is larger than 5 MB."]


@pytest.mark.parametrize("side", [30_000, 9_000])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(learner_client, learner, side):
    bomb = images.png_bomb(side, side)
    assert len(bomb) < 100_000  # small on the wire, gigapixels in memory

    response = post(learner_client, bomb)

    assert response.status_code == 400
    assert response.json()["details"]["file"] == ["The picture has too many pixels."]
    learner.refresh_from_db()
    assert not learner.avatar


def test_a_truncated_picture_is_refused(learner_client):
    data = images.image_bytes("JPEG", size=(300, 300))
    response = post(learner_client, data[: len(data) // 3], "cut.jpg", "image/jpeg")
    assert response.status_code == 400
    assert "file" in response.json()["details"]


def test_a_new_picture_replaces_the_old_file(learner_client, learner, django_capture_on_commit_callbacks):
    post(learner_client, images.image_bytes())
    learner.refresh_from_db()
    first = learner.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        post(learner_client, images.image_bytes(color=(0, 0, 255)))

    learner.refresh_from_db()
    assert learner.avatar.name != first
    assert not default_storage.exists(first)
    assert default_storage.exists(learner.avatar.name)


def test_delete_goes_back_to_the_default_picture(learner_client, learner, django_capture_on_commit_callbacks):
    post(learner_client, images.image_bytes())
    learner.refresh_from_db()
    name = learner.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        response = learner_client.delete(AVATAR)

    assert response.json()["avatar_url"] == "http://testserver/static/img/default-avatar.svg"
    assert not default_storage.exists(name)


def test_uploading_changes_only_your_own_picture(learner_client):
    other = UserFactory()
    post(learner_client, images.image_bytes())
    assert client_for(other).get(AVATAR).json()["uploaded_at"] is None


def test_an_s3_compatible_bucket_is_used_when_configured(settings):
    assert avatar_storage() is default_storage
    settings.AVATAR_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "mentora-avatars", "endpoint_url": "http://127.0.0.1:9000"},
    }
    storage = avatar_storage()
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "mentora-avatars"
