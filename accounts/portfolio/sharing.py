"""Sharing a portfolio: a caption and a pre-filled share link per platform, and a post only
where the platform is really configured.

By default nothing is posted anywhere: the person gets the caption and the platform's
share-intent link, and `posted` is false. A deployment that holds credentials for a platform
names a poster class for it (settings.PORTFOLIO_SHARE_POSTERS, e.g. from the environment
variable PORTFOLIO_SHARE_POSTER_TWITTER): an object with `post(*, user, text) -> None` that
raises when the post did not go out. `posted` is true only when that call returned; a failure
is reported as `posted: false` with the reason, never as a post.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.models import Portfolio, User
from accounts.portfolio import captions, facts, summary
from accounts.portfolio.services import public_url
from core.errors import Conflict, NotFound, ValidationFailed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Share:
    platform: str
    post_text: str
    post_url: str
    posted: bool
    length: int
    limit: int
    error: str = ""


def poster_for(platform: str):
    path = (getattr(settings, "PORTFOLIO_SHARE_POSTERS", {}) or {}).get(platform)
    return import_string(path)() if path else None


def portfolio_share(
    *, user: User, platforms: list[str], auto_generate_caption: bool = True, caption: str = ""
) -> tuple[str, list[Share]]:
    """The portfolio's public link and one Share per platform asked for (each once, in order)."""
    wanted: list[str] = []
    for name in platforms:
        platform = captions.ALIASES.get(name, name)
        if platform not in captions.PLATFORMS:
            raise ValidationFailed.for_field(
                "platforms", f"Unknown platform {name!r}: linkedin, twitter or x."
            )
        if platform not in wanted:
            wanted.append(platform)
    if not wanted:
        raise ValidationFailed.for_field("platforms", "Choose at least one platform.")
    portfolio = Portfolio.objects.filter(user=user).first()
    if portfolio is None:
        raise NotFound("You have no portfolio yet: create it first.")
    if not portfolio.is_published:
        raise Conflict(
            "Your portfolio is unpublished, so its link would show nothing: publish it first.",
            details={"reason": "portfolio_not_published"},
        )
    url = public_url(portfolio)
    found = facts.collect(user) if auto_generate_caption else None
    skills = summary.skills_of(user) if auto_generate_caption else []
    shares = []
    for platform in wanted:
        if auto_generate_caption:
            text = captions.caption(platform=platform, url=url, found=found, skills=skills)
        else:
            own = caption.strip()
            if not own:
                raise ValidationFailed.for_field(
                    "caption", "Write a caption, or ask for one to be generated."
                )
            text = own if url in own else f"{own} {url}"
            if not captions.fits(platform, text):
                raise ValidationFailed.for_field(
                    "caption",
                    f"Too long for {platform}: {captions.length_for(platform, text)} of "
                    f"{captions.limit_for(platform)} characters, the link included.",
                )
        shares.append(_post(user=user, platform=platform, text=text, url=url))
    return url, shares


def _post(*, user: User, platform: str, text: str, url: str) -> Share:
    posted, error = False, ""
    poster = poster_for(platform)
    if poster is not None:
        try:
            poster.post(user=user, text=text)
            posted = True
        except Exception as failure:  # whatever the platform said, it is not a post
            log.warning("sharing to %s failed: %s", platform, failure)
            error = f"{platform} did not accept the post; share it with the link instead."
    return Share(
        platform=platform,
        post_text=text,
        post_url=captions.intent_url(platform, text, url),
        posted=posted,
        length=captions.length_for(platform, text),
        limit=captions.limit_for(platform),
        error=error,
    )
