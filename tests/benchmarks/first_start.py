"""`make first-start-bench`: how long a newcomer waits for the site (issue 15's first start).

Clones this checkout (its committed HEAD) into a temporary folder, runs `make run` there on a
free loopback port and polls /health until it answers 200, twice: the fresh clone (creates
.venv, installs, builds the embedded database, seeds the demo) and a second `make run` (nothing
to install, migrate or seed). Prints both times against the targets (90 s and 15 s), stops every
process it started (the process group of each `make run`, by its id) and removes the folder.
Uses only the standard library, so the system Python 3.11 runs it. Package downloads come from
uv's cache (~/.cache/uv) once a first install has filled it. Never part of `make test` or CI.

    make first-start-bench            # or: python3.11 -m tests.benchmarks.first_start [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TARGETS = {"fresh clone": 90.0, "second run": 15.0}
GIVE_UP_AFTER = 900.0  # seconds: a run that has not answered by then is reported as failed
# Settings that would point the clone at shared services instead of its own embedded default.
OUTSIDE = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers_200(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C to the run's own process group (make, honcho and its children), as a person
    would stop it; then SIGTERM and SIGKILL to that group if it lingers."""
    for sig, grace in ((signal.SIGINT, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    # honcho's children share the group: make sure none outlives the run.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def timed_run(clone: Path, label: str, log: Path) -> float | None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in OUTSIDE}
    env.update(HOST="127.0.0.1", PORT=str(port))
    url = f"http://127.0.0.1:{port}/health"
    print(f"--- {label}: make run PORT={port} (output in {log})", flush=True)
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while time.monotonic() - started < GIVE_UP_AFTER:
                if process.poll() is not None:
                    print(f"    make run exited with {process.returncode} before /health answered")
                    return None
                if answers_200(url):
                    return time.monotonic() - started
                time.sleep(0.5)
            print(f"    /health did not answer 200 within {GIVE_UP_AFTER:.0f} s")
            return None
        finally:
            stop(process)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the clone and its logs")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mentora-first-start-"))
    clone = folder / "mentora"
    results: dict[str, float | None] = {}
    try:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        for label in TARGETS:
            results[label] = timed_run(clone, label, folder / f"{label.replace(' ', '-')}.log")
            if results[label] is None:
                break
    finally:
        load = os.getloadavg()[0]
        print(f"\nFirst start of {ROOT.name} (load average {load:.1f} on {os.cpu_count()} cores):")
        for label, target in TARGETS.items():
            took = results.get(label)
            shown = "failed" if took is None else f"{took:6.1f} s"
            verdict = "" if took is None else ("within" if took <= target else "OVER")
            print(f"  {label:<12} /health 200 after {shown}  (target {target:.0f} s: {verdict})")
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(results.get(label) is not None for label in TARGETS) else 1


if __name__ == "__main__":
    sys.exit(main())
