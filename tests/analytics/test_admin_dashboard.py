"""The admin index as the staff's home: cards, charts as script-free SVG images with their
figures as tables, drill-down links that open filtered lists, and no dj-stripe models."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib import admin
from django.test import Client

from tests.analytics.world import NOW, staff_world

CHARTS = ("revenue", "growth", "sessions", "subjects")


@pytest.fixture
def world(db):
    with time_machine.travel(NOW, tick=False):
        yield staff_world()


@pytest.fixture
def browser(world):
    client = Client()
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    with time_machine.travel(NOW, tick=False):
        yield client


def test_the_admin_index_opens_on_the_dashboard_with_cards_charts_and_tables(browser):
    page = browser.get("/admin/").content.decode()
    assert 'data-testid="staff-dashboard"' in page
    cards = re.findall(
        r'staff-dashboard-card-value">([^<]+)</span>\s*<span class="staff-dashboard-card-label">([^<]+)<',
        page,
    )
    assert dict((label, value) for value, label in cards) == {
        "Accounts": "5",
        "Mentors": "1",
        "Learners": "3",
        "Mentor applications waiting": "1",
        "Booked sessions": "8",
        "Net revenue this month": "-$25.00",
        "Open community reports": "1",
    }
    for name in CHARTS:
        assert f'data-testid="chart-{name}"' in page
        assert f'src="/analytics/staff/charts/{name}.svg"' in page
    # Each chart's text alternative: a description on the image and the figures as a table.
    assert page.count("The table below lists the same figures.") == len(CHARTS)
    assert page.count("<table>") >= len(CHARTS)
    assert (
        '<th scope="row"><a href="/admin/payments/payment/?created_at__year=2027&amp;created_at__month=3">Mar 2027</a></th><td>$40.00</td><td>$65.00</td><td>-$4.00</td><td>-$25.00</td>'
        in page
    )
    assert "Not in the total (no rate): JPY." in page
    assert "Algebra" in page and "50.0%" in page


def test_drill_down_links_open_filtered_lists(browser):
    page = browser.get("/admin/").content.decode()
    links = {
        link.replace("&amp;", "&") for link in re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/\?[^"]+)"', page)
    }
    assert "/admin/mentors/mentorprofile/?status=pending_approval" in links
    assert "/admin/community/report/?status__exact=open" in links
    assert any("subject__exact=" in link for link in links)
    assert any("status__in=no_show_learner" in link for link in links)
    assert len(links) >= 10
    for link in sorted(links):
        response = browser.get(link)
        # An unknown filter would send the admin to ?e=1 (a redirect): every link is a real list.
        assert response.status_code == 200, link


def test_drill_down_to_no_shows_lists_exactly_them(browser):
    page = browser.get("/admin/").content.decode()
    link = re.search(r'href="(/admin/bookings/booking/\?[^"]*status__in=no_show[^"]*)"', page).group(1)
    listed = browser.get(link.replace("&amp;", "&")).content.decode()
    assert "2 bookings" in listed or "2 results" in listed


@pytest.mark.parametrize("name", CHARTS)
def test_charts_are_svg_images_without_scripts(browser, name):
    response = browser.get(f"/analytics/staff/charts/{name}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "script-src 'none'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "<svg" in body
    assert "<script" not in body


def test_charts_are_for_staff_only(world):
    client = Client()
    assert client.get("/analytics/staff/charts/revenue.svg").status_code == 302  # to the admin log-in
    client.force_login(world.learners[0])
    assert client.get("/analytics/staff/charts/revenue.svg").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_an_unknown_chart_is_404(browser):
    assert browser.get("/analytics/staff/charts/nothing.svg").status_code == 404


def test_dj_stripe_models_are_hidden_from_the_admin(browser):
    assert not [model for model in admin.site._registry if model._meta.app_label == "djstripe"]
    page = browser.get("/admin/").content.decode()
    assert "/admin/djstripe/" not in page
    assert browser.get("/admin/djstripe/").status_code == 404
