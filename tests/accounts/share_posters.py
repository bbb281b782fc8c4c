"""Posters for the share tests: one that records what it posted, one that fails like a platform
refusing the post. Real deployments name their own class in PORTFOLIO_SHARE_POSTERS."""

from __future__ import annotations

POSTED: list[tuple[str, str]] = []


class RecordingPoster:
    def post(self, *, user, text: str) -> None:
        POSTED.append((str(user.pk), text))


class RefusingPoster:
    def post(self, *, user, text: str) -> None:
        raise ConnectionError("401 Unauthorized")
