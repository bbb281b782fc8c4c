"""Domain errors with stable codes (API.md §0). Services raise these; one handler renders them."""

from __future__ import annotations

from typing import Any

from django.db import OperationalError
from psycopg_pool import PoolTimeout


class DomainError(Exception):
    """A rule of the product was not met. Carries the API code, HTTP status and details."""

    code = "VALIDATION_ERROR"
    status_code = 400
    default_message = "The request could not be completed."
    # Seconds for the Retry-After header of a 503 that passes once the load does.
    retry_after: int | None = None

    def __init__(self, message: str | None = None, *, details: dict[str, Any] | None = None):
        self.message = message or self.default_message
        self.details = details or {}
        super().__init__(self.message)


class ValidationFailed(DomainError):
    code = "VALIDATION_ERROR"
    status_code = 400
    default_message = "Invalid input."

    @classmethod
    def for_field(cls, field: str, message: str) -> ValidationFailed:
        return cls(message, details={field: [message]})


class Unauthorized(DomainError):
    code = "UNAUTHORIZED"
    status_code = 401
    default_message = "Authentication credentials were not provided or are invalid."


class PaymentRequired(DomainError):
    code = "PAYMENT_REQUIRED"
    status_code = 402
    default_message = "Payment is required."


class Forbidden(DomainError):
    code = "FORBIDDEN"
    status_code = 403
    default_message = "You do not have permission to do this."


class NotFound(DomainError):
    code = "NOT_FOUND"
    status_code = 404
    default_message = "Not found."


class Conflict(DomainError):
    code = "CONFLICT"
    status_code = 409
    default_message = "The request conflicts with the current state."


class RateLimited(DomainError):
    """Every 429 says when to come back: `retry_after` seconds, in details and the Retry-After
    header (core.exceptions)."""

    code = "RATE_LIMITED"
    status_code = 429
    default_message = "Too many requests."

    def __init__(self, message=None, *, retry_after: int | None = None, details=None):
        if retry_after is None:
            retry_after = int((details or {}).get("retry_after", 1))
        super().__init__(message, details={**(details or {}), "retry_after": retry_after})
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    code = "SERVICE_UNAVAILABLE"
    status_code = 503
    default_message = "A service the platform depends on is unavailable."


class Busy(ServiceUnavailable):
    """A row lock was not granted within settings.LOCK_TIMEOUT (core.locks.busy_as_error)."""

    default_message = "This record is busy with another request. Please try again."
    retry_after = 1


class DatabaseSaturated(ServiceUnavailable):
    """No database connection (or no request slot) came free in time (core.capacity)."""

    default_message = "The service is busy. Please try again in a moment."
    retry_after = 2


def pool_exhausted(error: BaseException) -> bool:
    """Whether `error` is the connection pool's timeout (Django wraps it in OperationalError)."""
    return isinstance(error, PoolTimeout) or (
        isinstance(error, OperationalError) and isinstance(error.__cause__, PoolTimeout)
    )
