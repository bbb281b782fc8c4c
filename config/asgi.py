"""ASGI entry point: HTTP through Django, /ws/ through Channels with JWT auth and origin checks."""

import gc
import os

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# Django must be set up before anything imports models (the routing below does).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from core.capacity import ConcurrencyLimit  # noqa: E402
from core.websocket import websocket_stack  # noqa: E402

application = ProtocolTypeRouter(
    {
        # A burst queues here instead of each request taking a thread and a database connection.
        "http": ConcurrencyLimit(
            django_asgi_app, limit=settings.HTTP_CONCURRENCY, wait=settings.HTTP_QUEUE_TIMEOUT
        ),
        "websocket": websocket_stack(URLRouter(websocket_urlpatterns)),
    }
)

# Everything imported so far (Django, the apps, every view the URLconf names: some 300,000
# objects) lives as long as the process. Frozen, the collector stops walking it: a full
# collection over it paused the event loop for about 100 ms, which every open socket and
# request in flight waited out (the chat's p99, issue 14).
get_resolver().url_patterns  # noqa: B018 (imports every view now, not on the first request)
gc.freeze()
