"""A calendar server for tests: a real HTTP server on 127.0.0.1 (port 0) in a thread.

Each path serves what the test put there: a body with status and headers, an ETag it honours
(If-None-Match gets a 304), a redirect, or a reply that stalls until the server shuts down.
Every request is recorded with its headers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    content_length: bool = True
    # Send this many body bytes, then hang until the server shuts down (-1: hang before answering).
    stall_after: int | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self, host: str = "127.0.0.1"):
        self.replies: dict[str, Reply] = {}
        self.requests: list[Seen] = []
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the name http.server calls
                server.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                reply = server.replies.get(self.path.split("?", 1)[0])
                if reply is None:
                    reply = Reply(b"not here", status=404)
                if reply.etag and self.headers.get("If-None-Match") == reply.etag:
                    self.send_response(304)
                    self.send_header("ETag", reply.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if reply.stall_after == -1:
                    server.released.wait()
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.etag:
                    self.send_header("ETag", reply.etag)
                if reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if reply.stall_after is not None:
                    self.wfile.write(reply.body[: reply.stall_after])
                    self.wfile.flush()
                    server.released.wait()
                    return
                self.wfile.write(reply.body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str = "/calendar.ics", host: str | None = None) -> str:
        return f"http://{host or self.httpd.server_address[0]}:{self.port}{path}"

    def serve(self, path: str = "/calendar.ics", body: bytes | str = b"", **reply) -> str:
        self.replies[path] = Reply(body.encode() if isinstance(body, str) else body, **reply)
        return self.url(path)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
