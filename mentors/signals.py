"""Signals mentors sends to the apps above it (a lower layer owns its signals, DESIGN.md).

availability_changed: a mentor's free time may have grown or shrunk for a reason other than a
booking of theirs: the schedule was replaced, a rule was added or removed, an external calendar's
busy time changed or a calendar was removed. Sent after commit, with sender=MentorProfile and
mentor_id=<the mentor profile's UUID>. bookings listens to offer freed time to waiting learners;
a listener recomputes what it needs, the signal says only whose time changed.
"""

from django.dispatch import Signal

availability_changed = Signal()  # mentor_id
