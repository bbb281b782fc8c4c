"""Errors of the payments app, each with a stable code of API.md §0."""

from core.errors import Conflict, NotFound, PaymentRequired, ValidationFailed


class PaymentNotFound(NotFound):
    default_message = "Payment not found."


class PayableNotFound(NotFound):
    default_message = "There is nothing to pay with that id."


class AlreadyPaid(Conflict):
    default_message = "This item is already paid or being paid."


class NotPayable(Conflict):
    default_message = "This item cannot be paid now."


class AmountMismatch(ValidationFailed):
    default_message = "The amount does not match the price the server computed."


class CardDeclined(PaymentRequired):
    default_message = "The card was declined."


class InsufficientCredits(PaymentRequired):
    default_message = "You do not have enough credits."


class NoPackageSessionsLeft(PaymentRequired):
    default_message = "This package cannot pay for the session."


class RefundNotAllowed(Conflict):
    code = "REFUND_NOT_ALLOWED"
    default_message = "This payment cannot be refunded."


class PackageNotFound(NotFound):
    default_message = "Package not found."
