"""`Idempotency-Key` for create endpoints (API.md §0).

Same key + same body -> the stored first response (with `Idempotent-Replayed: true`).
Same key + another body -> 409 CONFLICT. A retry while the first is still running -> 409.
A first attempt that fails (an error is raised, or a 5xx) frees the key for a retry; nothing was
written because every service runs in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.errors import Conflict, ValidationFailed
from core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
# The header as every idempotent endpoint documents it in the OpenAPI schema.
IDEMPOTENCY_HEADER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Same key and body: the first response again. Same key, other body: 409.",
)
MAX_KEY_LENGTH = 255


def _in_progress_timeout() -> timedelta:
    return timedelta(seconds=getattr(settings, "IDEMPOTENCY_IN_PROGRESS_SECONDS", 120))


def retention() -> timedelta:
    return timedelta(hours=getattr(settings, "IDEMPOTENCY_RETENTION_HOURS", 24))


def fingerprint(request) -> str:
    try:
        payload = json.dumps(request.data, sort_keys=True, default=str).encode()
    except TypeError:  # e.g. uploaded files: fall back to the raw body
        payload = request.body
    return hashlib.sha256(payload).hexdigest()


def _claim(*, owner: str, key: str, scope: str, digest: str) -> IdempotencyRecord | None:
    """Insert the claim row. Returns None when we own the key now, else the existing row."""
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(owner=owner, key=key, scope=scope, fingerprint=digest)
        return None
    except IntegrityError:
        existing = IdempotencyRecord.objects.get(owner=owner, key=key, scope=scope)
    if existing.fingerprint != digest:
        return existing
    if existing.status == IdempotencyRecord.Status.IN_PROGRESS:
        # A first attempt that died without releasing the key: take it over, but only one of
        # several retries can (the conditional UPDATE matches once).
        stale_before = timezone.now() - _in_progress_timeout()
        taken = IdempotencyRecord.objects.filter(
            pk=existing.pk, status=IdempotencyRecord.Status.IN_PROGRESS, updated_at__lt=stale_before
        ).update(updated_at=timezone.now())
        if taken:
            return None
    return existing


def idempotent(view_method):
    """Decorate a DRF view method (e.g. `create`) to honour the Idempotency-Key header."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if not key:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise ValidationFailed.for_field(HEADER, f"{HEADER} must be at most {MAX_KEY_LENGTH} characters.")
        owner = str(request.user.pk) if request.user and request.user.is_authenticated else ""
        scope = f"{request.method} {request.path_info}"[:300]
        digest = fingerprint(request)
        existing = _claim(owner=owner, key=key, scope=scope, digest=digest)
        if existing is not None:
            if existing.fingerprint != digest:
                raise Conflict(
                    f"This {HEADER} was already used with a different request body.",
                    details={"reason": "idempotency_key_reused"},
                )
            if existing.status == IdempotencyRecord.Status.IN_PROGRESS:
                raise Conflict(
                    f"A request with this {HEADER} is still being processed.",
                    details={"reason": "request_in_progress"},
                )
            return Response(
                existing.response_body,
                status=existing.response_status,
                headers={"Idempotent-Replayed": "true"},
            )

        record = IdempotencyRecord.objects.filter(owner=owner, key=key, scope=scope)
        try:
            response = view_method(self, request, *args, **kwargs)
        except BaseException:
            record.delete()
            raise
        if response.status_code >= 500:
            record.delete()
            return response
        body = json.loads(JSONRenderer().render(response.data) or b"null")
        record.update(
            status=IdempotencyRecord.Status.COMPLETED,
            response_status=response.status_code,
            response_body=body,
            updated_at=timezone.now(),
        )
        return response

    return wrapper


def purge_expired(*, now=None) -> int:
    now = now or timezone.now()
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=now - retention()).delete()
    return deleted
