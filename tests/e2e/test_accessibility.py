"""axe-core's WCAG 2.1 A and AA rules on every page of the site and the admin pages staff use,
signed in as each kind of user; and no page wider than a 320 px viewport (WCAG 1.4.10 Reflow).

The pages come from the URL resolver through tests/e2e/site_pages.py, so a page a new app adds
is checked here, or the registry test below fails until it is listed or consciously excluded.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.e2e import site_pages
from tests.e2e.site_pages import ANONYMOUS, EXCLUDED, PAGES, STAFF, USER_KINDS

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
NARROW = {"width": 320, "height": 640}

axe = Axe()


def test_every_page_route_is_checked_or_excluded_with_a_reason():
    routes = dict(site_pages.page_routes())
    unlisted = sorted(name for name in routes if name not in PAGES and name not in EXCLUDED)
    assert unlisted == [], (
        "These page routes are neither in tests/e2e/site_pages.py PAGES (checked by axe and for "
        f"reflow) nor in EXCLUDED with a reason: {unlisted}"
    )
    stale = sorted((set(PAGES) | set(EXCLUDED)) - set(routes))
    assert stale == [], f"PAGES/EXCLUDED name routes that are not GET pages any more: {stale}"
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_a_post_only_route_is_an_action_not_a_page():
    names = dict(site_pages.page_routes())
    assert "accounts:logout" not in names
    assert "mentors:directory" in names


def _context(browser, live_server, world, kind, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    if kind != ANONYMOUS:
        client = Client()
        client.force_login(world.users[kind])
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


# Staff see the most pages (the admin's too): their pages are checked in parts, which the test
# workers share, instead of in one test as long as all the others together.
STAFF_PARTS = 3
CASES = [
    *((kind, 0, 1) for kind in USER_KINDS if kind != STAFF),
    *((STAFF, part, STAFF_PARTS) for part in range(STAFF_PARTS)),
]
CASE_IDS = [kind if parts == 1 else f"{kind}-{part + 1}of{parts}" for kind, part, parts in CASES]


def _pages_of(world, kind, part=0, parts=1):
    """Every page `kind` sees, or its `part` of `parts` (every page is in exactly one part)."""
    pages = site_pages.urls_for(world, kind)
    if kind == STAFF:
        pages += site_pages.admin_urls(world)
    return pages[part::parts]


def _describe(name, url, violation) -> str:
    nodes = "\n".join(
        f"      {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}"
        for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    return (
        f"{name} {url}\n  [{violation['impact']}] {violation['id']}: {violation['help']}\n"
        f"  {violation['helpUrl']}\n{nodes}" + (f"\n      ... and {more} more" if more > 0 else "")
    )


@pytest.mark.browser
@pytest.mark.parametrize(("kind", "part", "parts"), CASES, ids=CASE_IDS)
def test_no_serious_or_critical_axe_violation_on_any_page(
    kind, part, parts, browser, live_server, transactional_db
):
    world = site_pages.build_world()
    context = _context(browser, live_server, world, kind)
    page = context.new_page()
    problems = []
    try:
        for name, url, status in _pages_of(world, kind, part, parts):
            response = page.goto(url)
            if response is None or response.status != status:
                problems.append(f"{name} {url}: answered {response and response.status}")
                continue
            results = axe.run(
                page,
                options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
            )
            problems += [
                _describe(name, url, violation)
                for violation in results.response["violations"]
                if violation["impact"] in FAILING_IMPACTS
            ]
    finally:
        context.close()
    assert not problems, f"{len(problems)} serious or critical problems as {kind}:\n\n" + "\n\n".join(
        problems
    )


@pytest.mark.browser
@pytest.mark.parametrize(("kind", "part", "parts"), CASES, ids=CASE_IDS)
def test_no_page_is_wider_than_a_320_pixel_screen(kind, part, parts, browser, live_server, transactional_db):
    world = site_pages.build_world()
    context = _context(browser, live_server, world, kind, viewport=NARROW)
    page = context.new_page()
    too_wide = []
    try:
        for name, url, _status in _pages_of(world, kind, part, parts):
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                widest = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > 320.5)
                        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                             + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))
                        .slice(0, 6)"""
                )
                too_wide.append(f"{name} {url}: {width}px wide; past the edge: {', '.join(widest)}")
    finally:
        context.close()
    assert not too_wide, f"Pages wider than 320 px as {kind}:\n" + "\n".join(too_wide)
