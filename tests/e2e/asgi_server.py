"""An ASGI live server for browser tests that need WebSockets.

pytest-django's `live_server` speaks WSGI only, so it cannot serve /ws/. This runs the project's
ASGI application (HTTP and sockets) with uvicorn in a thread of the test process, which keeps
the in-memory channel layer shared by every browser the test opens.

All of the server's synchronous work (Django views, the consumers' database calls) runs in one
thread: uvicorn's event loop is driven through `async_to_sync` from that thread, and asgiref
sends every thread-sensitive call back to it. On the embedded default that thread is handed the
test's own SQLite connection, as Django's LiveServerThread does, because an in-memory database
exists only inside that connection; on PostgreSQL it opens its own and sees what the test
committed.
"""

from __future__ import annotations

import socket
import threading

import uvicorn
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from django.db import connections


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: threading.Event):
        super().__init__(config)
        self._ready = ready

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        self._ready.set()


class AsgiLiveServer:
    def __init__(self, application):
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        host, port = self._socket.getsockname()
        self.url = f"http://{host}:{port}"
        self._ready = threading.Event()
        config = uvicorn.Config(application, lifespan="off", ws="wsproto", log_level="warning")
        self._server = _Server(config, self._ready)
        self._shared = {
            alias: conn
            for alias, conn in ((c.alias, c) for c in connections.all())
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        self._thread = threading.Thread(target=self._run, name="asgi-live-server", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        for alias, conn in self._shared.items():
            connections[alias] = conn
        try:
            async_to_sync(self._server.serve)(sockets=[self._socket])
        except BaseException as exc:  # reported to the test by start()/stop()
            self.error = exc
            self._ready.set()
        finally:
            if not self._shared:
                connections.close_all()

    def start(self) -> AsgiLiveServer:
        for conn in self._shared.values():
            conn.inc_thread_sharing()
        # A channel layer of its own, as a server process has: channels-redis binds a layer's
        # receiving to the first event loop that receives on it, and a consumer of an earlier
        # server whose loop stopped mid-receive left the shared layer refusing every other loop
        # ("Two event loops are trying to receive() on one channel layer at once!"), so the
        # next test's sockets could not subscribe.
        channel_layers.backends.clear()
        self._thread.start()
        if not self._ready.wait(timeout=30) or self.error is not None:
            raise RuntimeError(f"the ASGI live server did not start: {self.error!r}")
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        channel_layers.backends.clear()  # bound to the loop that just stopped
        for conn in self._shared.values():
            conn.dec_thread_sharing()
        self._socket.close()

    def __enter__(self) -> AsgiLiveServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
