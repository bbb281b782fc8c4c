"""Signals the accounts app owns; higher layers listen (DESIGN.md: direction of dependence)."""

from django.dispatch import Signal

# Sent inside the registration transaction with `user`: a receiver's writes (e.g. the free
# credit granted at sign-up) commit or roll back together with the new account.
user_registered = Signal()
