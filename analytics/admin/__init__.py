"""The analytics admin, one module per part: `dashboards` (the admin index as the staff's home)."""

from analytics.admin import dashboards  # noqa: F401 - sets up the admin index
