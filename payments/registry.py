"""The payable kinds: what can be paid for, and how payments learns its price.

payments does not import the apps that own paid things (bookings, learning). Each owner
registers its kind once, in its AppConfig.ready:

    register_payable(PayableKind.BOOKING, resolve_booking)

A resolver takes the item's id and the person paying and returns a `Payable`, or None when that
person cannot see such an item (the API answers 404, never revealing someone else's item).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from payments.errors import PayableNotFound


@dataclass(frozen=True)
class Payable:
    amount: Decimal
    currency: str
    credit_price: int
    mentor: Any  # mentors.models.MentorProfile | None
    description: str
    payer_may_pay: bool
    # Whether this payer may have a full refund right now (e.g. the booking's cancellation rules).
    payer_may_refund: bool = False
    service_title: str = ""
    # A booking's payout waits for the session; a kind with nothing left to deliver (or one
    # that says so) makes the mentor's share available when paid.
    earning_available_on_payment: bool = False
    # The item was created in the very transaction that pays it: no payment of it can exist
    # yet, so payments need not look for one.
    new_in_this_transaction: bool = False


Resolver = Callable[[str, Any], Payable | None]
# What the owner does when its item is paid ((object id, "card" | "credits")) or fully refunded
# ((object id)). payments calls it inside the transaction that moved the money, so the item
# changes with the money, once.
PaidHandler = Callable[[str, str], None]
RefundedHandler = Callable[[str], None]


class PayableKind(StrEnum):
    """The kinds of paid things; a payment's `purpose` is one of these names."""

    BOOKING = "booking"
    ENROLLMENT = "enrollment"
    PACKAGE_PURCHASE = "package_purchase"
    CREDIT_PURCHASE = "credit_purchase"


@dataclass(frozen=True)
class KindTraits:
    """What differs between kinds, so payments asks here instead of testing a kind's name."""

    # What the kind is for, in the words of the payments list and the admin.
    purpose: str
    # The field of POST /payments that names an item of this kind (API.md §4).
    request_field: str
    # A 1:1 session: the payments list links it as a booking, credits pay for it, and it counts
    # in a mentor's bookings and completed sessions.
    is_session: bool = False


TRAITS: dict[str, KindTraits] = {
    PayableKind.BOOKING: KindTraits("a 1:1 session with a mentor", "booking_id", is_session=True),
    PayableKind.ENROLLMENT: KindTraits("a place on a course or programme", "enrollment_id"),
    PayableKind.PACKAGE_PURCHASE: KindTraits("a mentor's package of sessions", "package_purchase_id"),
    PayableKind.CREDIT_PURCHASE: KindTraits("credits for the wallet", "credit_purchase_id"),
}

_kinds: dict[str, Resolver] = {}
_traits: dict[str, KindTraits] = dict(TRAITS)
_on_paid: dict[str, PaidHandler] = {}
_on_full_refund: dict[str, RefundedHandler] = {}


def register_payable(
    kind: str,
    resolver: Resolver,
    *,
    traits: KindTraits | None = None,
    on_paid: PaidHandler | None = None,
    on_full_refund: RefundedHandler | None = None,
) -> None:
    """A kind of TRAITS brings its own traits; any other (a test's stand-in) names them.
    `on_paid`/`on_full_refund` are how the owner hears about its item's money (payments'
    receivers call them through `settle_paid`/`settle_full_refund`)."""
    if traits is None and kind not in TRAITS:
        raise ValueError(f"Unknown payable kind {kind!r}: give its traits.")
    _kinds[kind] = resolver
    _traits[kind] = traits or TRAITS[kind]
    for handlers, handler in ((_on_paid, on_paid), (_on_full_refund, on_full_refund)):
        if handler is None:
            handlers.pop(kind, None)
        else:
            handlers[kind] = handler


def unregister_payable(kind: str) -> Resolver | None:
    """Returns the resolver that was registered, if any (a test puts it back afterwards)."""
    if kind not in TRAITS:
        _traits.pop(kind, None)
    _on_paid.pop(kind, None)
    _on_full_refund.pop(kind, None)
    return _kinds.pop(kind, None)


def settle_paid(kind: str, object_id: str, *, method: str) -> None:
    """The item of `kind` was paid by card or in credits: its owner's handler, if it has one."""
    handler = _on_paid.get(kind)
    if handler is not None:
        handler(str(object_id), method)


def settle_full_refund(kind: str, object_id: str) -> None:
    """The item's payment was refunded in full (asked for through payments or given at the
    provider): its owner ends the item, or finds it ended already when it asked for the refund."""
    handler = _on_full_refund.get(kind)
    if handler is not None:
        handler(str(object_id))


def traits(kind: str) -> KindTraits | None:
    return _traits.get(kind)


def is_session(kind: str) -> bool:
    found = _traits.get(kind)
    return found is not None and found.is_session


def kind_for_request_field(field: str) -> str:
    """The kind POST /payments means by one of its id fields. A kind registered with its own
    traits (a test's stand-in) comes after the built-in ones, so it takes the field over."""
    return [kind for kind, spec in _traits.items() if spec.request_field == field][-1]


def request_fields() -> list[str]:
    return [spec.request_field for spec in TRAITS.values()]


def resolve(*, kind: str, object_id: str, payer) -> Payable:
    resolver = _kinds.get(kind)
    if resolver is None:
        raise PayableNotFound(f"Nothing of kind '{kind}' can be paid for yet.", details={"purpose": kind})
    payable = resolver(str(object_id), payer)
    if payable is None:
        raise PayableNotFound()
    return payable


def register_own_kinds() -> None:
    """The kinds payments owns itself: package purchases and credit purchases."""
    from payments.services.credits import resolve_credit_purchase
    from payments.services.packages import resolve_package_purchase

    register_payable(PayableKind.PACKAGE_PURCHASE, resolve_package_purchase)
    register_payable(PayableKind.CREDIT_PURCHASE, resolve_credit_purchase)
