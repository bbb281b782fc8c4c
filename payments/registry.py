"""The payable kinds: what can be paid for, and how payments learns its price.

payments does not import the apps that own paid things (bookings, learning). Each owner
registers its kind once, in its AppConfig.ready:

    register_payable("booking", resolve_booking)

A resolver takes the item's id and the person paying and returns a `Payable`, or None when that
person cannot see such an item (the API answers 404, never revealing someone else's item).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
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


Resolver = Callable[[str, Any], Payable | None]

_kinds: dict[str, Resolver] = {}

# The API's request fields for each kind of POST /payments (API.md §4).
REQUEST_FIELDS = {
    "booking_id": "booking",
    "enrollment_id": "enrollment",
    "package_purchase_id": "package_purchase",
    "credit_purchase_id": "credit_purchase",
}


def register_payable(kind: str, resolver: Resolver) -> None:
    _kinds[kind] = resolver


def unregister_payable(kind: str) -> None:
    _kinds.pop(kind, None)


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

    register_payable("package_purchase", resolve_package_purchase)
    register_payable("credit_purchase", resolve_credit_purchase)
