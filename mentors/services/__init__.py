"""Writes of the mentors app, one module per subject, re-exported here.

Each public function runs in one transaction. `slot_reserve` is the one way any other app takes a
mentor's time: bookings call it inside their own transaction.
"""

from mentors.services._common import WEEKDAYS
from mentors.services.busy import slot_hold_confirm, slot_release, slot_reserve
from mentors.services.feeds import (
    calendar_feed_add,
    calendar_feed_refresh,
    calendar_feed_remove,
    calendar_feeds_claim_due,
)
from mentors.services.free_time import (
    free_time_changed_on_commit,
    free_time_due,
    free_time_refresh,
    free_time_refresh_all,
    hourly_rate_in_base,
    mentor_prices_normalize,
)
from mentors.services.profiles import (
    EDITABLE_STATUSES,
    MAX_SKILLS,
    PROFILE_FIELDS,
    favorite_add,
    favorite_remove,
    mentor_apply,
    mentor_approve,
    mentor_has_skills,
    mentor_list_replace,
    mentor_rating_recompute,
    mentor_reject,
    mentor_sessions_completed_add,
    mentor_submit,
    mentor_update,
    missing_for_review,
    service_create,
    service_delete,
    service_update,
)
from mentors.services.schedules import (
    BOOKING_RULES,
    RULE_BOUNDS,
    parse_weekly_availability,
    schedule_replace,
    schedule_rule_delete,
    schedule_rules_add,
)
from mentors.services.taxonomy import (
    category_create,
    category_update,
    subject_create,
    subject_delete,
    subject_update,
)

__all__ = [
    "BOOKING_RULES",
    "EDITABLE_STATUSES",
    "MAX_SKILLS",
    "PROFILE_FIELDS",
    "RULE_BOUNDS",
    "WEEKDAYS",
    "calendar_feed_add",
    "calendar_feed_refresh",
    "calendar_feed_remove",
    "calendar_feeds_claim_due",
    "category_create",
    "category_update",
    "favorite_add",
    "favorite_remove",
    "free_time_changed_on_commit",
    "free_time_due",
    "free_time_refresh",
    "free_time_refresh_all",
    "hourly_rate_in_base",
    "mentor_apply",
    "mentor_approve",
    "mentor_has_skills",
    "mentor_list_replace",
    "mentor_prices_normalize",
    "mentor_rating_recompute",
    "mentor_reject",
    "mentor_sessions_completed_add",
    "mentor_submit",
    "mentor_update",
    "missing_for_review",
    "parse_weekly_availability",
    "schedule_replace",
    "schedule_rule_delete",
    "schedule_rules_add",
    "service_create",
    "service_delete",
    "service_update",
    "slot_hold_confirm",
    "slot_release",
    "slot_reserve",
    "subject_create",
    "subject_delete",
    "subject_update",
]
