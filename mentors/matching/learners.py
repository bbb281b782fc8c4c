"""What a learner asks for: their stated goals, interests and skills, as phrases to embed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from accounts.models import AIProfile, LearnerProfile, UserSkill

# Every query and goal here is about learning, so these words carry no topic; left in, they pull
# every search towards "Education & Teaching" ("learn mobile design" scored Curriculum Design
# above Design & Media).
_INTENT_WORDS = re.compile(
    r"\b(i\s+(?:really\s+)?(?:want|would\s+like|'d\s+like|hope|plan|need)\s+to|i'?m\s+trying\s+to|how\s+to|"
    r"learn(?:ing)?|become|get\s+better\s+at|improve|study(?:ing)?|master|understand|my|me)\b",
    re.IGNORECASE,
)
_LEADING_INTENT = re.compile(
    r"^\s*(?:i\s+(?:really\s+)?(?:want|would\s+like|'d\s+like|hope|plan|need)\s+to|i'?m\s+trying\s+to|to)\s+",
    re.IGNORECASE,
)
_PHRASE_SPLIT = re.compile(r"[\n;.!?]+")


def topic_text(text: str) -> str:
    """The topic of a learning phrase: "I want to learn mobile design" -> "mobile design"."""
    cleaned = re.sub(r"\s+", " ", _INTENT_WORDS.sub(" ", text)).strip(" ,.-")
    return cleaned or text.strip()


def quoted(text: str, limit: int = 80) -> str:
    text = _LEADING_INTENT.sub("", re.sub(r"\s+", " ", text).strip())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Want:
    kind: str  # goal / interest / skill / about
    text: str  # as the learner wrote it, for quoting

    @property
    def described(self) -> str:
        noun = {"goal": "your goal", "interest": "your interest", "skill": "your skill"}.get(
            self.kind, "what you wrote"
        )
        return f"{noun} “{quoted(self.text)}”"


def learner_wants(user) -> list[Want]:
    """What the caller wants, first from their AI profile (the onboarding interview, issue 18:
    goals and passions in their own words), then their stated learning goals and interests, and
    their skills (accounts); else their bio."""
    wants: list[Want] = []
    ai = AIProfile.objects.filter(user=user).only("goals", "passions").first()
    if ai is not None:
        wants += [
            Want("goal", g.strip()[:200])
            for g in ai.goals or []
            if isinstance(g, str) and len(g.strip()) >= 3
        ]
        wants += [
            Want("interest", p.strip()[:100])
            for p in ai.passions or []
            if isinstance(p, str) and len(p.strip()) >= 3
        ]
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is not None:
        for phrase in _PHRASE_SPLIT.split(profile.learning_goals or ""):
            if len(phrase.strip()) >= 3:
                wants.append(Want("goal", phrase.strip()[:200]))
        for interest in profile.interests or []:
            if isinstance(interest, str) and interest.strip():
                wants.append(Want("interest", interest.strip()[:100]))
    for name in (
        UserSkill.objects.filter(user=user).select_related("skill").values_list("skill__name", flat=True)
    ):
        wants.append(Want("skill", name))
    if not wants and (user.bio or "").strip():
        wants.append(Want("about", user.bio.strip()[:500]))
    seen: set[tuple[str, str]] = set()
    unique = []
    for want in wants[:24]:
        key = (want.kind, want.text.lower())
        if key not in seen:
            seen.add(key)
            unique.append(want)
    return unique
