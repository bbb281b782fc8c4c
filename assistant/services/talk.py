"""How the agent says things: times in the user's zone, refunds, short lists."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bookings.models import Booking, PaymentMethod, RefundPolicy
from core.money import format_money

# How many items a list read aloud holds, by the agent's verbosity.
LIST_LENGTH = {"brief": 1, "normal": 3, "detailed": 5}


def say_time(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    clock = f"{local:%I}".lstrip("0") + (f":{local:%M}" if local.minute else "") + f" {local:%p}".lower()
    if local.hour == 12 and local.minute == 0:
        clock = "noon"
    return f"{local:%A} {local.day} {local:%B} at {clock}"


def other_party(booking: Booking, user) -> str:
    if booking.learner_id == user.pk:
        return booking.mentor.user.display_name
    return booking.learner.display_name


def session_line(booking: Booking, *, user, zone: ZoneInfo) -> str:
    return f"{say_time(booking.start_at, zone)} with {other_party(booking, user)}"


def refund_words(booking: Booking, *, policy: str, user) -> str:
    """What a cancellation gives back, said before it happens."""
    if booking.paid_at is None:
        return "Nothing was paid yet, so nothing needs refunding."
    if policy != RefundPolicy.FULL:
        return "It is past the free cancellation deadline, so there is no refund."
    if booking.payment_method == PaymentMethod.CREDITS:
        credits = booking.credit_price or 0
        return f"You get your {credits} credit{'s' if credits != 1 else ''} back."
    if booking.payment_method == PaymentMethod.PACKAGE:
        return "The session goes back to your package."
    if booking.payment_method == PaymentMethod.CARD:
        return f"You get a full refund of {format_money(booking.price, booking.currency, user=user)}."
    return "The session was free, so nothing needs refunding."


def payment_words(method: str, *, credits: int | None, price, currency: str, user) -> str:
    if method == PaymentMethod.CREDITS:
        return f"It uses {credits} of your credits."
    if method == PaymentMethod.FREE:
        return "It is free."
    return (
        f"It costs {format_money(price, currency, user=user)} by card. I never pay by card for you: "
        "the booking waits for your payment and you get a notification to pay."
    )
