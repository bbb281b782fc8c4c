"""Signals the payments app owns. The owner of a paid item (bookings, learning) listens to them;
payments never imports those apps (DESIGN.md: payments knows paid things only as registered
payable kinds).

Each is sent inside the transaction that changed the payment, with `payment` (and `refund`),
`purpose` and `object_id`: a receiver's writes commit or roll back together with the payment,
and, because the payment's status is checked under a row lock first, each is sent once per
change however many webhooks or confirmations arrive.
"""

from django.dispatch import Signal

payment_succeeded = Signal()  # payment, purpose, object_id
payment_failed = Signal()  # payment, purpose, object_id
payment_refunded = Signal()  # payment, refund, purpose, object_id, full (bool)
# A payable item was paid with credits (POST /credits/me/transfers): entry, purpose, object_id, payer.
credits_transferred = Signal()
