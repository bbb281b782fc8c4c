"""Signals the accounts app owns; higher layers listen (DESIGN.md: direction of dependence)."""

from django.dispatch import Signal

# Sent inside the registration transaction with `user`: a receiver's writes (e.g. the free
# credit granted at sign-up) commit or roll back together with the new account.
user_registered = Signal()

# Sent inside the purge transaction with `user`, after accounts anonymised its own data: each
# higher app anonymises what it holds about the person (message bodies stay with the other
# party, reviews lose the author's name, ...). Money rows are kept as they are.
user_purged = Signal()
