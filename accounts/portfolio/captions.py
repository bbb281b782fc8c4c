"""Share captions written from a portfolio's real facts, within each platform's length limit.

X counts a post's length its own way (twitter-text, "weighted length"): every URL counts as 23
characters whatever its length (t.co wraps it), characters of most scripts beyond Latin,
Cyrillic and the like (CJK, emoji) count 2, the rest 1; the limit is 280. LinkedIn allows 3,000
characters. A caption is built from the most telling facts first and loses the least telling
ones until it fits; the link to the portfolio is always kept.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from accounts.portfolio import summary
from accounts.portfolio.facts import Facts

X_LIMIT = 280
X_URL_LENGTH = 23
LINKEDIN_LIMIT = 3000
PLATFORMS = ("linkedin", "twitter")
# "x" is the same platform as "twitter".
ALIASES = {"x": "twitter"}

# twitter-text v3: code points in these ranges weigh 1, everything else 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL = re.compile(r"https?://\S+")


def x_length(text: str) -> int:
    """The length X counts for `text` (URLs 23, heavy characters 2)."""
    total = 0
    for part in _URL.split(text):
        for char in part:
            code = ord(char)
            total += 1 if any(low <= code <= high for low, high in _LIGHT_RANGES) else 2
    return total + X_URL_LENGTH * len(_URL.findall(text))


def length_for(platform: str, text: str) -> int:
    return x_length(text) if platform == "twitter" else len(text)


def limit_for(platform: str) -> int:
    return X_LIMIT if platform == "twitter" else LINKEDIN_LIMIT


def _fact_lines(*, found: Facts, skills: list[dict], long: bool) -> list[str]:
    """Facts, most telling first, each a short phrase that stands alone."""
    lines: list[str] = []
    stats = found.mentor_stats
    if stats is not None and stats.total_sessions_completed:
        line = summary.plural(stats.total_sessions_completed, "session") + " given as a mentor"
        if stats.total_reviews:
            line += f", rated {stats.average_rating}/5"
        lines.append(line)
    sessions = sum(item.sessions for item in found.experience)
    if sessions:
        lines.append(summary.plural(sessions, "mentoring session") + " completed")
    if found.courses:
        titles = [item.title for item in found.courses]
        lines.append(
            summary.plural(len(titles), "course")
            + " finished"
            + (f": {summary.listing(titles, limit=3 if long else 2)}" if titles else "")
        )
    if found.certificates:
        lines.append(summary.plural(len(found.certificates), "certificate") + " earned")
    if found.achievements:
        lines.append(summary.plural(len(found.achievements), "achievement") + " unlocked")
    if skills:
        lines.append(
            "Skills: " + summary.listing([skill["name"] for skill in skills], limit=5 if long else 3)
        )
    return lines


def caption(*, platform: str, url: str, found: Facts, skills: list[dict]) -> str:
    """A caption for `platform` that fits its limit, ending with the portfolio's link."""
    long = platform == "linkedin"
    opening = (
        "I have published my learning portfolio on Mentora." if long else "My learning portfolio on Mentora"
    )
    lines = _fact_lines(found=found, skills=skills, long=long)
    limit = limit_for(platform)
    while True:
        if long:
            body = opening + ("\n\n" + "\n".join(f"• {line}" for line in lines) if lines else "")
            text = f"{body}\n\nSee it here: {url}"
        else:
            body = opening + (": " + "; ".join(lines) + "." if lines else ".")
            text = f"{body} {url}"
        if length_for(platform, text) <= limit or not lines:
            break
        lines.pop()  # the least telling fact goes first
    if length_for(platform, text) > limit:
        text = f"{opening} {url}"
    return text


def fits(platform: str, text: str) -> bool:
    return length_for(platform, text) <= limit_for(platform)


def intent_url(platform: str, text: str, url: str) -> str:
    """The platform's share page, pre-filled: the person reviews the post and sends it there."""
    if platform == "twitter":
        # The caption already holds the link; X's intent takes the whole post as `text`.
        return "https://x.com/intent/post?" + urlencode({"text": text})
    return "https://www.linkedin.com/feed/?" + urlencode({"shareActive": "true", "text": text})
