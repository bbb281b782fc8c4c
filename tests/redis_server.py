"""A Redis server of a test's own, on a free port, that the test may stop and start again.

Tests that take Redis away must never touch the shared one (on 6379 other runs and other xdist
workers keep their keys there). Nothing is saved to disk: a restart comes back empty, as a
Redis without persistence does in production.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading

READY_LINE = "Ready to accept connections"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, workdir) -> None:
        self.executable = shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._workdir = workdir
        self._process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 10) -> None:
        """Start the server and return once it accepts connections (its log says so)."""
        ready = threading.Event()
        self._process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self._workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def follow(stream) -> None:  # reads the log to its end, so the pipe never fills up
            for line in stream:
                if READY_LINE in line:
                    ready.set()

        threading.Thread(target=follow, args=(self._process.stdout,), daemon=True).start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        self._process.wait(timeout=10)
        self._process.stdout.close()
        self._process = None
