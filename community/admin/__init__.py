"""The community admin, one module per part."""

from community.admin import (
    events,  # noqa: F401 - registers the events' admin
    groups,  # noqa: F401
)
