"""Site pages of mentors: the directory, a mentor's profile and calendar, favourites,
recommendations, and for mentors the application wizard, the profile editor and the
availability editor.

Each view binds a form (shape only), makes one call to mentors.services, .selectors, .search or
.matching, and renders; htmx requests get the fragment they swap. Service errors are shown on
the form they came from (accounts.forms.add_domain_error).

One module per page or group of pages, re-exported here for mentors/urls.py.
"""

from mentors.views.directory import directory, favorite_toggle, favorites, recommended
from mentors.views.editor import (
    my_profile,
    my_profile_save,
    my_service_add,
    my_service_delete,
    my_submit,
    my_topics_save,
)
from mentors.views.feeds import calendar_refresh, calendar_remove, calendars
from mentors.views.public import profile
from mentors.views.schedule import availability
from mentors.views.wizard import apply

__all__ = [
    "apply",
    "availability",
    "calendar_refresh",
    "calendar_remove",
    "calendars",
    "directory",
    "favorite_toggle",
    "favorites",
    "my_profile",
    "my_profile_save",
    "my_service_add",
    "my_service_delete",
    "my_submit",
    "my_topics_save",
    "profile",
    "recommended",
]
