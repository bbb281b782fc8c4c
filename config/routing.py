"""Every WebSocket route (API.md §5). Apps add their consumers' patterns here, all under /ws/."""

websocket_urlpatterns: list = []
