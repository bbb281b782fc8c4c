"""analytics listens to the lower apps' signals here (connected in AnalyticsConfig.ready)."""

from __future__ import annotations

from django.db import connection
from django.dispatch import receiver
from django.utils import timezone

from analytics.models.dashboards import ProfileViewDay
from mentors.signals import profile_viewed


@receiver(profile_viewed, dispatch_uid="analytics.profile_view_count")
def profile_view_count(sender, mentor_id, **kwargs) -> None:
    """One statement whatever the traffic: insert the day's row or add one to it. Two views at
    once both land (the conflict clause makes the second an increment, never a duplicate)."""
    table = ProfileViewDay._meta.db_table
    day = timezone.now().date()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (mentor_id, day, views) VALUES (%s, %s, 1) "  # noqa: S608 - our table name
            f"ON CONFLICT (mentor_id, day) DO UPDATE SET views = {table}.views + 1",
            [ProfileViewDay._meta.get_field("mentor").get_db_prep_value(mentor_id, connection), day],
        )
