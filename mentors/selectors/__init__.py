"""Reads of the mentors app, one module per subject, re-exported here.

Each read runs in a fixed number of queries whatever the data holds.
"""

from mentors.selectors.feeds import (
    calendar_feed_get_for_owner,
    calendar_feeds_for_owner,
    external_busy_for_owner,
)
from mentors.selectors.profiles import (
    CardTags,
    card_tags,
    favorite_mentor_ids,
    favorites_for_learner,
    mentor_bookable_get,
    mentor_cards,
    mentor_get_for_owner,
    mentor_get_for_owner_or_404,
    mentor_private_get,
    mentor_public_get,
    service_bookable_get,
    service_get_for_owner,
    services_for_owner,
    subjects_of,
)
from mentors.selectors.reviews import (
    REVIEW_ASPECTS,
    mentor_reviews,
    mentor_reviews_summary,
)
from mentors.selectors.slots import (
    MentorCalendar,
    busy_references,
    mentor_calendar,
    mentor_ids_free_in,
    mentor_ids_with_open_slot,
    next_open_slots,
    next_slots_for,
    schedule_for_mentor,
    schedule_preview,
    schedules_with_entries,
    slot_list,
    slot_price,
    slots_for_mentor,
)
from mentors.selectors.staff import (
    mentor_get_for_staff,
    mentors_for_staff,
)
from mentors.selectors.taxonomy import (
    categories_top_level,
    category_get,
    skill_list,
    subcategories_of,
    subject_get,
    subject_list,
)

__all__ = [
    "MentorCalendar",
    "REVIEW_ASPECTS",
    "busy_references",
    "calendar_feed_get_for_owner",
    "calendar_feeds_for_owner",
    "categories_top_level",
    "category_get",
    "external_busy_for_owner",
    "CardTags",
    "card_tags",
    "favorite_mentor_ids",
    "favorites_for_learner",
    "mentor_bookable_get",
    "mentor_calendar",
    "mentor_cards",
    "mentor_get_for_owner",
    "mentor_get_for_owner_or_404",
    "mentor_get_for_staff",
    "mentor_ids_free_in",
    "mentor_ids_with_open_slot",
    "mentor_private_get",
    "mentor_public_get",
    "mentor_reviews",
    "mentor_reviews_summary",
    "mentors_for_staff",
    "next_open_slots",
    "next_slots_for",
    "schedule_for_mentor",
    "schedule_preview",
    "schedules_with_entries",
    "service_bookable_get",
    "service_get_for_owner",
    "services_for_owner",
    "skill_list",
    "slot_list",
    "slot_price",
    "slots_for_mentor",
    "subcategories_of",
    "subject_get",
    "subject_list",
    "subjects_of",
]
