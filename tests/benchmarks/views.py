"""The bare-Django baseline of `make bench`: one indexed query of 20 rows, returned as JSON.

No DRF, no serializer, no pagination count: a plain view reading 20 user rows in primary-key
order from a random point of the index, so each request touches different rows. Every figure of
the benchmark is printed as a ratio to this one, measured on the same server just before.
"""

from __future__ import annotations

import uuid

from django.contrib.auth import get_user_model
from django.http import JsonResponse


def baseline(request):
    rows = list(
        get_user_model()
        .objects.filter(pk__gt=uuid.uuid4())
        .order_by("pk")
        .values("id", "full_name", "timezone")[:20]
    )
    return JsonResponse({"items": rows})
