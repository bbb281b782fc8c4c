"""Browser tests: Playwright drives the system's headless Chromium against pytest-django's live server.

No browser is ever downloaded: Debian's `chromium` package is used (or CHROMIUM_PATH).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in the main thread; Django refuses
# database access from a thread with a running loop unless told that this is safe. It is here:
# the tests call Playwright synchronously and never share a connection with async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium not found: CI must run the browser tests (set CHROMIUM_PATH)")
        pytest.skip("Chromium not found: install Debian's chromium to run browser tests")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    """pytest-playwright's launch options, pointed at the system Chromium, always headless."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "headless": True,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def base_url() -> None:
    """No base URL: the tests open `live_server.url` pages.

    Defined here because pytest-playwright's fallback fixture is a method of a class, which
    pytest 9 warns about (PytestRemovedIn10Warning).
    """
    return None


@pytest.fixture
def open_as(browser, asgi_live_server):
    """A fresh browser context (its own cookies) signed in as `user`, on the ASGI live server
    (tests/conftest.py), so that its pages' sockets work."""
    from django.conf import settings
    from django.test import Client

    contexts = []

    def open_as(user, *, init_script: str = ""):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=asgi_live_server.url)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": asgi_live_server.url}]
        )
        if init_script:
            context.add_init_script(init_script)
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()
