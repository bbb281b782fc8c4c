"""`make run`'s preparation (core.first_start): nothing to migrate is seen as such, and the demo
data is loaded again only when a demo module changed or the database lost its accounts."""

import pytest

from core import first_start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_a_migrated_database_has_nothing_pending_and_is_not_fresh():
    assert first_start.pending_migrations() == []
    assert first_start.database_is_fresh() is False
    with pytest.raises(ValueError):
        first_start.migrate_fresh(stdout=None)


def test_demo_is_loaded_once_stamped_until_a_demo_module_changes(var_dir, monkeypatch):
    UserFactory()
    assert first_start.demo_is_loaded() is False  # never seeded into this database

    first_start.mark_demo_loaded()
    assert first_start.demo_is_loaded() is True

    monkeypatch.setattr(first_start, "demo_fingerprint", lambda: "another version of the demo")
    assert first_start.demo_is_loaded() is False


def test_a_database_without_accounts_is_seeded_again_whatever_the_stamp(var_dir):
    first_start.mark_demo_loaded()
    assert first_start.demo_is_loaded() is False
    first_start.forget_demo_loaded()
    assert not list(var_dir.iterdir())


def test_the_fingerprint_covers_every_apps_demo_module(settings):
    names = {path.relative_to(settings.BASE_DIR).as_posix() for path in first_start.demo_modules()}
    assert {
        "accounts/demo.py",
        "bookings/demo.py",
        "mentors/demo/__init__.py",
        "mentors/demo/roster.py",
    } <= names
