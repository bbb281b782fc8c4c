"""axe-core's WCAG 2.1 A and AA rules on the learning pages, as a learner (catalogue, an
opportunity, a lesson, My learning, learning paths) and as a mentor (authoring): no serious or
critical violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page

from learning.services import paths
from learning.services.enrollment import enrollment_create
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.learning.factories import a_subcategory, opportunity
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")


def _log_in(page: Page, live_server, user) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("E-mail or username").fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _problems(page: Page, live_server, urls: list[str]) -> list[str]:
    axe = Axe()
    found = []
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
        )
        found += [
            f"{url}: {violation['id']} ({violation['impact']}) {violation['nodes'][0]['html'][:200]}"
            for violation in results.response["violations"]
            if violation["impact"] in FAILING_IMPACTS
        ]
    return found


def test_no_serious_or_critical_axe_violation_on_the_learning_pages(page: Page, live_server):
    mentor = MentorFactory()
    learner = UserFactory()
    course = opportunity(lessons=2, mentor=mentor, description="## About\nWhat you will learn.")
    enrollment_create(user=learner, opportunity_id=course.pk)
    path = paths.path_create(user=learner, subcategory_id=a_subcategory().pk)

    _log_in(page, live_server, learner)
    problems = _problems(
        page,
        live_server,
        [
            reverse("learning:catalogue"),
            reverse("learning:opportunity", args=[course.pk]),
            reverse("learning:lesson", args=[course.pk, course.lessons.first().pk]),
            reverse("learning:my-learning"),
            reverse("learning:paths"),
            reverse("learning:path", args=[path.pk]),
        ],
    )
    _log_in(page, live_server, mentor.user)
    problems += _problems(
        page,
        live_server,
        [
            reverse("learning:author-list"),
            reverse("learning:author-new"),
            reverse("learning:author-edit", args=[course.pk]),
        ],
    )

    assert not problems, "\n".join(problems)
