"""Plain Django views of the shared plumbing: health, and the error pages of the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from core import health
from core.exceptions import error_body, error_response
from core.middleware import API_PREFIX


@never_cache
@require_safe
def health_view(request: HttpRequest) -> HttpResponse:
    """GET: the state of each dependency and background process (core.health). HEAD: the same
    status code, no body, for checks that only read the status."""
    results = health.run_checks()
    processes = health.process_states(database_ok=results["database"])
    failing = [name for name, ok in results.items() if not ok]
    behind = [name for name, state in processes.items() if state["status"] in ("stale", "never_seen")]
    body: dict = {
        "status": "unhealthy" if failing else "degraded" if behind else "healthy",
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        **{name: "connected" if ok else "disconnected" for name, ok in results.items()},
        **{name: state["status"] for name, state in processes.items()},
        "heartbeats": {name: state["last_seen_at"] for name, state in processes.items()},
    }
    if failing:
        body.update(
            error_body(
                "SERVICE_UNAVAILABLE",
                f"Unavailable: {', '.join(failing)}.",
                {"failing": failing},
            )
        )
    status = 503 if failing else 200
    if request.method == "HEAD":
        return HttpResponse(status=status, content_type="application/json")
    return JsonResponse(body, status=status)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX) or "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # it changes nothing; a POST without a CSRF token got the site's 403 page instead
def api_not_found(request: HttpRequest, unmatched: str = "") -> JsonResponse:
    """Every unknown path under /api/v1/ answers in the API's error format."""
    return error_response("NOT_FOUND", f"No endpoint at {request.path}.", 404)


def page_not_found(request: HttpRequest, exception=None):
    if _wants_json(request):
        return api_not_found(request)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest):
    if _wants_json(request):
        return error_response("INTERNAL_ERROR", "An unexpected error occurred. It has been logged.", 500)
    # No request context: whatever broke the page (a context processor, the database) must not
    # break the error page too.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def permission_denied(request: HttpRequest, exception=None):
    if _wants_json(request):
        return error_response("FORBIDDEN", "You do not have permission to do this.", 403)
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception=None):
    if _wants_json(request):
        return error_response("VALIDATION_ERROR", "Bad request.", 400)
    return render(request, "errors/400.html", status=400)
