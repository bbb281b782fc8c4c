"""Signals the messaging app owns; higher apps listen (messaging never imports them)."""

from django.dispatch import Signal

# One attempt to deliver a notification on an outside channel (e-mail, push, SMS) ended, sent
# or not: `delivery` (a NotificationDelivery with its status, detail and attempt count). Sent
# after the attempt's outcome is saved, outside any transaction of the sender.
delivery_attempted = Signal()
