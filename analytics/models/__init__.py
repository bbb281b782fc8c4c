"""The analytics app's models, one module per part: `dashboards` (the counters and rollups the
dashboards read). The integrity check adds its own module beside it. Import models from their
module, e.g. `from analytics.models.dashboards import ProfileViewDay`."""

from analytics.models import dashboards  # noqa: F401 - each module registers its models
