"""Forms of the mentors pages, one module per page, re-exported here. They check shape only;
the rules live in mentors.services.

A rule the service enforces (a rate below zero, overlapping hours, an unknown time zone) comes
back as a DomainError, which accounts.forms.add_domain_error puts on the field it names.
"""

from mentors.forms.directory import (
    COMMON_LANGUAGES,
    RATING_CHOICES,
    SORT_CHOICES,
    DirectoryFilterForm,
    category_choices,
    language_choices,
)
from mentors.forms.feeds import CalendarFeedForm
from mentors.forms.profile import (
    ProfileBasicsForm,
    ProfileDetailsForm,
    ProfileEditForm,
    ServiceForm,
    TopicsForm,
)
from mentors.forms.schedule import (
    BOOKING_RULE_FIELDS,
    DAY_LABELS,
    DURATION_CHOICES,
    WINDOWS_PER_DAY,
    AvailabilityForm,
    BaseExceptionFormSet,
    ExceptionForm,
    ExceptionFormSet,
    exception_initial,
)

__all__ = [
    "AvailabilityForm",
    "BOOKING_RULE_FIELDS",
    "BaseExceptionFormSet",
    "COMMON_LANGUAGES",
    "CalendarFeedForm",
    "DAY_LABELS",
    "DURATION_CHOICES",
    "DirectoryFilterForm",
    "ExceptionForm",
    "ExceptionFormSet",
    "ProfileBasicsForm",
    "ProfileDetailsForm",
    "ProfileEditForm",
    "RATING_CHOICES",
    "SORT_CHOICES",
    "ServiceForm",
    "TopicsForm",
    "WINDOWS_PER_DAY",
    "category_choices",
    "exception_initial",
    "language_choices",
]
