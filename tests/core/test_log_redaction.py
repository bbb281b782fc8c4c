"""A socket's `?token=<JWT>` never reaches the ASGI server's logs (issue 13, item 10): a real
uvicorn process serves the project, a socket and a request carry a token, and its log shows the
paths with the value redacted."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

from core.log_redaction import RedactQueryTokens, redact

ROOT = Path(__file__).resolve().parents[2]
SECRET = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoiMSJ9.c2lnbmF0dXJl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port: int, request: str) -> bytes:
    """Send one request and read the response head (the server closes a refused socket)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                break
            head += chunk
        return head


def test_uvicorn_logs_the_socket_and_request_paths_without_the_token():
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        + ["--lifespan", "off", "--log-level", "info"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = []
        for line in server.stdout:  # bounded by the server's start-up lines
            started.append(line)
            if "Uvicorn running on" in line:
                break
        assert any("Uvicorn running on" in line for line in started), "".join(started)

        socket_head = exchange(
            port,
            f"GET /ws/notifications?token={SECRET} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        )
        http_head = exchange(
            port,
            f"GET /api/v1/nowhere?page=2&token={SECRET} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)

    assert socket_head.startswith(b"HTTP/1.1 101"), socket_head
    assert http_head.startswith(b"HTTP/1.1 404"), http_head
    assert SECRET not in output
    assert "/ws/notifications?token=[redacted]" in output
    assert "/api/v1/nowhere?page=2&token=[redacted]" in output


def test_only_secret_parameters_are_redacted():
    assert redact("/x?page=2&token=abc.def&q=token") == "/x?page=2&token=[redacted]&q=token"
    assert redact('"GET /feed?ticket=t1 HTTP/1.1" 200') == '"GET /feed?ticket=[redacted] HTTP/1.1" 200'
    assert redact("/bookings/?status=confirmed") == "/bookings/?status=confirmed"


def test_the_filter_rewrites_the_arguments_a_message_is_formatted_with():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s" %d',
        ("1.2.3.4", "GET", "/p?token=x", 200),
        None,
    )

    assert RedactQueryTokens().filter(record) is True
    assert record.getMessage() == '1.2.3.4 - "GET /p?token=[redacted]" 200'
