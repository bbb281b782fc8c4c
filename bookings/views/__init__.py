"""Site pages of bookings. They call the same services and selectors as the API; forms only
check shape. A service's DomainError is shown on the page (on the form it came from, or as a
message), never as a 500; someone who is not a party to a booking or offer gets 404.

Each action is a plain form POST that redirects back (post/redirect/get); a little script
(static/js/bookings.js) adds the dialogs, the join button's timer and the offer countdown.
"""

from bookings.views.calendars import booking_ics, calendar_feed, calendar_feed_manage
from bookings.views.detail import (
    cancel,
    complete,
    detail,
    join,
    no_show,
    note_add,
    recording_share,
    reschedule,
    review,
    review_respond,
    update,
)
from bookings.views.flow import new
from bookings.views.home import home
from bookings.views.lists import confirm, decline, my_bookings, requests_queue
from bookings.views.waitlist import my_waitlist, offer, offer_decline, waitlist_join, waitlist_leave

__all__ = [
    "booking_ics",
    "calendar_feed",
    "calendar_feed_manage",
    "home",
    "cancel",
    "complete",
    "confirm",
    "decline",
    "detail",
    "join",
    "my_bookings",
    "my_waitlist",
    "new",
    "no_show",
    "note_add",
    "offer",
    "offer_decline",
    "recording_share",
    "requests_queue",
    "reschedule",
    "review",
    "review_respond",
    "update",
    "waitlist_join",
    "waitlist_leave",
]
