"""Keep credentials in URLs out of the logs (issue 13).

A socket authenticates with `?token=<JWT>` (API.md §5), and uvicorn logs every request's and
socket's path with its query string: on `uvicorn.access` (HTTP) and `uvicorn.error` (WebSocket
accepted/rejected/closed lines). The filter rewrites such values to `[redacted]` before any
handler sees the record. Daphne's access log already writes a socket's path without its query.
The proxy in front logs its own way: see the deployment notes in the README.
"""

from __future__ import annotations

import logging
import re

# Query parameters whose values are secrets wherever they appear.
SECRET_PARAMETERS = ("token", "access_token", "access", "refresh", "refresh_token", "ticket")
_NAMES = "|".join(SECRET_PARAMETERS)
_SECRET_VALUE = re.compile(rf"([?&](?:{_NAMES})=)[^&#\s\"']+", re.IGNORECASE)

# The ASGI servers' own loggers; they do not propagate to the root logger.
SERVER_LOGGERS = (
    "uvicorn.access",
    "uvicorn.error",
    "daphne.server",
    "daphne.http_protocol",
    "daphne.ws_protocol",
)


def redact(text: str) -> str:
    return _SECRET_VALUE.sub(r"\1[redacted]", text)


def _redacted(value):
    return redact(value) if isinstance(value, str) else value


class RedactQueryTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _redacted(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_redacted(value) for value in record.args)
        return True


def install() -> None:
    """Put the filter on the servers' loggers. Called from CoreConfig.ready(), which runs when the
    server imports the application, after the server configured its logging."""
    for name in SERVER_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, RedactQueryTokens) for existing in logger.filters):
            logger.addFilter(RedactQueryTokens())
