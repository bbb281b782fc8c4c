"""`{% staff_dashboard %}`: the staff's home on the admin index (cards, charts, data tables)."""

from __future__ import annotations

from django import template

from analytics.selectors import staff, staff_home

register = template.Library()


@register.inclusion_tag("admin/analytics/dashboard.html", takes_context=True)
def staff_dashboard(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return {"show": False}
    return {"show": True, **staff_home.staff_home(zone=staff.zone_of(user))}
