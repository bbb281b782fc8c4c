"""Stored XSS attempts in a group's name, a post's title and body, and a comment render inert:
a browser loads every page that shows them and no script runs."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser

from tests.community.group_factories import a_comment, a_group, a_post, member_of
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATTACKS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "[click](javascript:window.__pwned='link')",
    "<a href=\"javascript:window.__pwned='href'\">go</a>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    '<div onmouseover="window.__pwned=\'hover\'" style="position:fixed;inset:0">x</div>',
]
PAYLOAD = "\n\n".join(ATTACKS)


def test_no_script_runs_on_pages_that_show_stored_attacks(browser: Browser, live_server):
    group = a_group(name="<script>window.__pwned='group'</script>Design", description=PAYLOAD)
    author = member_of(group, UserFactory(full_name="<img src=x onerror=\"window.__pwned='name'\">"))
    post = a_post(group, author, title="<img src=x onerror=\"window.__pwned='title'\">Hello", body=PAYLOAD)
    comment = a_comment(post, author, body=PAYLOAD)
    a_comment(post, group.owner, body=PAYLOAD, parent=comment)
    from community.services.moderation import report_create

    report_create(user=author, post_id=post.pk, reason="spam", details=PAYLOAD)

    client = Client()
    client.force_login(group.owner)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for url in (
            reverse("community:directory"),
            reverse("community:group", args=[group.pk]),
            reverse("community:post", args=[post.pk]),
            reverse("community:members", args=[group.pk]),
            reverse("community:moderation"),
            reverse("community:post-card", args=[post.pk]),
            reverse("community:comment-fragment", args=[comment.pk]),
        ):
            page.goto(live_server.url + url)
            page.mouse.move(200, 300)
            for link in page.locator("a[href^='javascript']").all():
                pytest.fail(f"a javascript: link survived on {url}: {link.get_attribute('href')}")
            assert page.evaluate("window.__pwned === undefined"), (url, page.evaluate("window.__pwned"))
            assert page.locator("script:not([src])").count() == 0, url
        # The text is there, shown as text.
        page.goto(live_server.url + reverse("community:post", args=[post.pk]))
        assert "window.__pwned='title'" in page.get_by_test_id("post-title").inner_text()
    finally:
        context.close()
    assert dialogs == []
