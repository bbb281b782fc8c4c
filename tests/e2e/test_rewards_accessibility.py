"""axe-core's WCAG 2.1 A and AA rules on the rewards pages (achievements with level and streak,
certificates, the public verification page with a result): no serious or critical violation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from learning.services.certificates import certificate_issue
from tests.e2e.test_learning_accessibility import _log_in, _problems
from tests.factories import UserFactory
from tests.learning.rewards_factories import completed_enrollment, ensure_achievements

pytestmark = pytest.mark.browser


def test_no_serious_or_critical_axe_violation_on_the_rewards_pages(page: Page, live_server):
    ensure_achievements()
    learner = UserFactory()
    certificate = certificate_issue(enrollment=completed_enrollment(learner, title="Accessible forms"))
    pages = [
        reverse("learning:certificate-verify"),
        reverse("learning:certificate-verify-code", args=[certificate.verification_code]),
        reverse("learning:certificate-verify-code", args=["MENTORA-2026-ZZZZZZ"]),
    ]
    problems = _problems(page, live_server, pages)
    _log_in(page, live_server, learner)
    problems += _problems(
        page, live_server, [reverse("learning:achievements"), reverse("learning:certificates")]
    )
    assert not problems, "\n".join(problems)
