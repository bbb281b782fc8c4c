"""Writes of the bookings app, one module per subject, re-exported here. Each public function
runs in one transaction (or, where it must talk to the payment gateway, in its own and then
after it); side effects (notifications' pushes and mails, tasks) leave after commit."""

from bookings.policy import can_join, cancellation_policy, join_window, refund_deadline
from bookings.services.calendars import (
    booking_ics,
    calendar_token_create,
    calendar_token_get,
    calendar_token_revoke,
    feed_ics,
    feed_url,
)
from bookings.services.changes import (
    booking_cancel,
    booking_cancel_refunded,
    booking_reschedule,
    booking_update,
)
from bookings.services.jobs import bookings_expire_unconfirmed, bookings_expire_unpaid, bookings_finish
from bookings.services.lifecycle import (
    booking_abandon,
    booking_confirm,
    booking_create,
    booking_decline,
    booking_mark_paid,
)
from bookings.services.reminders import reminder_send_one, reminders_send_due
from bookings.services.reviews import mentor_rating_figures, review_create, review_may_respond, review_respond
from bookings.services.rooms import room_ensure
from bookings.services.session import (
    booking_complete,
    booking_join,
    booking_mark_no_show,
    note_add,
    recording_register,
    recording_share,
    recordings_purge,
    session_presence,
)
from bookings.services.waitlist import (
    entries_expire,
    mentors_waiting,
    offer_accept,
    offer_decline,
    offers_expire,
    waitlist_join,
    waitlist_leave,
    waitlist_match,
)

__all__ = [
    "booking_abandon",
    "booking_cancel",
    "booking_cancel_refunded",
    "booking_complete",
    "booking_confirm",
    "booking_create",
    "booking_decline",
    "booking_ics",
    "booking_join",
    "booking_mark_no_show",
    "booking_mark_paid",
    "booking_reschedule",
    "booking_update",
    "bookings_expire_unconfirmed",
    "bookings_expire_unpaid",
    "bookings_finish",
    "calendar_token_create",
    "calendar_token_get",
    "calendar_token_revoke",
    "can_join",
    "cancellation_policy",
    "entries_expire",
    "feed_ics",
    "feed_url",
    "join_window",
    "mentor_rating_figures",
    "mentors_waiting",
    "note_add",
    "offer_accept",
    "offer_decline",
    "offers_expire",
    "recording_register",
    "recording_share",
    "recordings_purge",
    "refund_deadline",
    "reminder_send_one",
    "reminders_send_due",
    "review_create",
    "review_may_respond",
    "review_respond",
    "room_ensure",
    "session_presence",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_match",
]
