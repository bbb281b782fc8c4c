"""The starting set of achievements (staff edit them in the admin afterwards). Written once:
an achievement staff changed or removed is not put back."""

from django.db import migrations

ACHIEVEMENTS = [
    # slug, name, description, rarity, icon, metric, threshold
    ("first-steps", "First steps", "Learn something on your first day.", "common", "1", "active_days", 1),
    ("first-lesson-week", "Busy week", "Learn on seven different days.", "common", "7", "active_days", 7),
    ("first-milestone", "On the path", "Complete a learning-path milestone.", "common", "M1", "milestones", 1),
    ("path-finder", "Path finder", "Complete eight learning-path milestones.", "rare", "M8", "milestones", 8),
    ("course-finisher", "Course finisher", "Finish a course or workshop.", "common", "C1", "courses", 1),
    ("scholar", "Scholar", "Finish five courses or workshops.", "epic", "C5", "courses", 5),
    ("first-session", "First session", "Complete a mentoring session.", "common", "S1", "sessions", 1),
    ("regular", "Regular", "Complete ten mentoring sessions.", "rare", "S10", "sessions", 10),
    ("reviewer", "Reviewer", "Write a review of a session or a course.", "common", "R1", "reviews", 1),
    ("week-streak", "Week streak", "Learn seven days in a row.", "rare", "7D", "longest_streak", 7),
    ("month-streak", "Month streak", "Learn thirty days in a row.", "epic", "30D", "longest_streak", 30),
    ("hundred-days", "Hundred days", "Learn a hundred days in a row.", "legendary", "100", "longest_streak", 100),
    ("points-500", "Rising star", "Earn 500 points.", "rare", "500", "total_points", 500),
    ("points-5000", "Luminary", "Earn 5,000 points.", "legendary", "5K", "total_points", 5000),
]


def seed(apps, schema_editor):
    Achievement = apps.get_model("learning", "Achievement")
    for order, (slug, name, description, rarity, icon, metric, threshold) in enumerate(ACHIEVEMENTS):
        Achievement.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "rarity": rarity,
                "icon": icon,
                "metric": metric,
                "threshold": threshold,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("learning", "0003_rewards")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
