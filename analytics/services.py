"""analytics' one write: the staff figures the beat job stores (StaffFigure), so the dashboard
reads them on a cold cache instead of aggregating the whole platform on a staff member's click."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from analytics.models.dashboards import StaffFigure
from analytics.selectors import staff

# The `months` the pages and the API ask for by default (6), the admin's charts (12), the most (24).
STORED_MONTHS = (6, 12, 24)


def staff_zones() -> list[ZoneInfo]:
    """Every zone a staff member's months are counted in, and the default one."""
    names = set(User.objects.live().filter(is_staff=True, is_active=True).values_list("timezone", flat=True))
    zones = {settings.ANALYTICS_TIME_ZONE}
    for name in names:
        try:
            zones.add(ZoneInfo(name or settings.ANALYTICS_TIME_ZONE).key)
        except (ValueError, KeyError):
            continue
    return [ZoneInfo(name) for name in sorted(zones)]


def staff_figures_refresh(*, now=None) -> int:
    """Recompute and store the dashboard's figures for every staff zone; forget stored figures
    no request can use any more. Returns how many zones were done."""
    now = now or timezone.now()
    zones = staff_zones()
    with staff.refreshing():
        for zone in zones:
            staff.dashboard_stats(zone=zone, now=now)
            for months in STORED_MONTHS:
                staff.monthly_revenue(zone=zone, months=months, now=now)
                staff.user_growth(zone=zone, months=months, now=now)
            first, last = staff.period(zone=zone, first=None, last=None, now=now)
            staff.session_metrics(zone=zone, first=first, last=last)
            staff.subject_distribution(zone=zone)
    StaffFigure.objects.filter(computed_at__lt=now - timedelta(days=1)).delete()
    return len(zones)
