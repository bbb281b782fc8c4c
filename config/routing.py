"""Every WebSocket route (API.md §5). Apps add their consumers' patterns here, all under /ws/."""

from community.routing import websocket_urlpatterns as community_websockets
from messaging.routing import websocket_urlpatterns as messaging_websockets

websocket_urlpatterns: list = []
websocket_urlpatterns += messaging_websockets
websocket_urlpatterns += community_websockets
