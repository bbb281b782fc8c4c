"""`manage.py check_integrity [--repair]` and the nightly job that tells staff."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry, LearnerProfile
from analytics.tasks import check_integrity
from messaging.models import Notification
from payments.models import CreditWallet
from tests.analytics.integrity_world import build_world, person
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NIGHT = datetime.datetime(2027, 3, 2, 3, 15, tzinfo=datetime.UTC)


@pytest.fixture
def world(taxonomy):
    return build_world()


def test_the_command_reports_and_fails_while_something_is_wrong(world):
    missing = UserFactory()
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("check_integrity", stdout=out)

    assert raised.value.returncode == 1
    assert f"learner_profile_missing: 1 (repairable) e.g. {missing.pk}" in out.getvalue()
    assert not LearnerProfile.objects.filter(user=missing).exists()


def test_the_command_repairs_as_the_system_and_then_reports_clean(world):
    missing = UserFactory()
    CreditWallet.objects.filter(pk=world.wallet.pk).update(balance=0)
    out = StringIO()

    call_command("check_integrity", "--repair", stdout=out)

    text = out.getvalue()
    assert "repaired learner_profile_missing: 1" in text
    assert "repaired wallet_balance_differs: 1" in text
    assert "No inconsistencies found." in text
    assert LearnerProfile.objects.filter(user=missing).exists()
    entries = AuditEntry.objects.filter(action="integrity.repair")
    assert entries.count() == 2
    assert set(entries.values_list("actor", flat=True)) == {None}


def test_the_command_prints_json(world):
    out = StringIO()

    call_command("check_integrity", "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert report["health_status"] == "healthy"
    assert report["issues"] == [] and report["repaired"] == []


def test_the_nightly_job_is_scheduled():
    entry = django_settings.CELERY_BEAT_SCHEDULE["analytics-integrity-check"]
    assert entry["task"] == check_integrity.name == "analytics.tasks.check_integrity"


def test_the_nightly_job_tells_no_one_when_all_is_well(world):
    with time_machine.travel(NIGHT, tick=False):
        assert check_integrity() == 0

    assert not Notification.objects.filter(type="integrity_issues").exists()


def test_the_nightly_job_tells_every_active_staff_member_once_when_it_finds_something(world):
    other_staff = person(is_staff=True)
    person(is_staff=True, is_active=False)
    CreditWallet.objects.filter(pk=world.wallet.pk).update(balance=0)
    UserFactory()

    with time_machine.travel(NIGHT, tick=False):
        assert check_integrity() == 2
        # A retried run the same night writes nothing new.
        assert check_integrity() == 2

    notes = Notification.objects.filter(type="integrity_issues")
    assert sorted(note.user_id for note in notes) == sorted([world.staff.pk, other_staff.pk], key=str)
    note = notes.get(user=world.staff)
    assert note.title == "The integrity check found 2 kinds of inconsistent data"
    assert "wallet_balance_differs: 1" in note.body
    assert "learner_profile_missing: 1" in note.body
    assert {issue["code"] for issue in note.data["issues"]} == {
        "learner_profile_missing",
        "wallet_balance_differs",
    }
    # The job only reports unless told to repair: nothing changed.
    assert CreditWallet.objects.get(pk=world.wallet.pk).balance == 0
    assert not AuditEntry.objects.filter(action="integrity.repair").exists()


def test_with_auto_repair_the_nightly_job_fixes_first_and_says_so(world, settings):
    settings.ANALYTICS_INTEGRITY_AUTO_REPAIR = True
    CreditWallet.objects.filter(pk=world.wallet.pk).update(balance=0)

    with time_machine.travel(NIGHT, tick=False):
        assert check_integrity() == 0

    assert CreditWallet.objects.get(pk=world.wallet.pk).balance == 11
    note = Notification.objects.get(type="integrity_issues", user=world.staff)
    assert note.title == "The integrity check repaired inconsistent data"
    assert "repaired wallet_balance_differs: 1" in note.body
