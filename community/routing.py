"""WebSocket routes of community, included from config/routing.py. The id is matched as a plain
string so that a malformed id is answered like an unknown one (4404)."""

from django.urls import path

from community import consumers

websocket_urlpatterns = [
    path("ws/groups/<str:group_id>/", consumers.GroupConsumer.as_asgi()),
]
