"""Every model change has its migration, so `migrate` builds what the code expects."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration(settings):
    settings.MIGRATION_MODULES = {}  # look at every app's real migrations, dj-stripe's too
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
