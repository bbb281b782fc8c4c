"""ASGI entry point: HTTP through Django, /ws/ through Channels with JWT auth and origin checks."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

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
