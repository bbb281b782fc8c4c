"""On PostgreSQL, the database itself refuses two overlapping live bookings or holds of a mentor.

The range is half-open ('[)'), so one session may start exactly when the previous one (with its
buffer) ends. External calendar events may overlap each other and are checked by the service.
SQLite has no exclusion constraints; there the booking service's lock on the mentor row guards it.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE mentors_busyinterval ADD CONSTRAINT busy_no_overlap
    EXCLUDE USING gist (mentor_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&)
    WHERE (is_live AND source IN ('booking', 'hold'));
"""
DROP = "ALTER TABLE mentors_busyinterval DROP CONSTRAINT IF EXISTS busy_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("mentors", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
