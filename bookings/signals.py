"""What bookings tells the apps above it (learning's points), which it cannot import.

Both are sent inside the transaction that made the change, with the row saved, so a receiver's
writes commit with it or not at all.

- session_completed(booking): a booking reached `completed` (once: the status table allows it once).
- review_written(review): a party reviewed a session (once per party and booking).
"""

from django.dispatch import Signal

session_completed = Signal()  # booking
review_written = Signal()  # review
