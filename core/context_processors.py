from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME}


def time_zone(request):
    """The viewer's zone (core.timezones) and where it came from: base.html tells the browser
    script whether to report the browser's zone."""
    from core import timezones

    return {
        "VIEWER_TZ": timezones.viewer_zone(request),
        "VIEWER_TZ_SOURCE": getattr(request, "viewer_timezone_source", timezones.UNKNOWN),
    }
