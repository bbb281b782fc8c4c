"""WebSocket routes of messaging (API.md §5), included from config/routing.py.

Ids are matched as plain strings so that a malformed id is answered like an unknown one, with
close code 4404, instead of finding no route at all.
"""

from django.urls import path

from messaging import consumers

websocket_urlpatterns = [
    path("ws/chat/<str:user_id>/", consumers.ChatConsumer.as_asgi()),
    path("ws/notifications/", consumers.NotificationConsumer.as_asgi()),
    path("ws/session/<str:booking_id>/", consumers.SessionConsumer.as_asgi()),
]
