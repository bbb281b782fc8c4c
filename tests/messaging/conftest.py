"""Fixtures of the messaging tests: three people, their API clients, and a private attachment
folder per test."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import client_for
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def attachment_folder(settings, tmp_path):
    """Each test writes its attachments to its own folder (and never into the project's)."""
    location = tmp_path / "attachments"
    settings.MESSAGING_ATTACHMENT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location), "base_url": None},
    }
    return location


@pytest.fixture
def alice(db):
    return UserFactory(full_name="Alice Able")


@pytest.fixture
def bob(db):
    return UserFactory(full_name="Bob Baker")


@pytest.fixture
def carol(db):
    """Someone outside Alice and Bob's conversation."""
    return UserFactory(full_name="Carol Curious")


@pytest.fixture
def alice_api(alice):
    return client_for(alice)


@pytest.fixture
def bob_api(bob):
    return client_for(bob)


@pytest.fixture
def carol_api(carol):
    return client_for(carol)


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
