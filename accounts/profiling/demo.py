"""Demo data: the demo learner (learner@mentora.local) has a completed onboarding interview and
the profile built from it, through the real services (called by accounts.demo.seed)."""

from __future__ import annotations

from accounts.models import AIProfile, User
from accounts.profiling import services

DEMO_EMAIL = "learner@mentora.local"
DEMO_ANSWERS = [
    "I love sketching app screens in Figma and drawing comics.",
    "I know the basics of Figma, I taught myself from videos.",
    "I want to become a UX designer and design a real app.",
    "Two or three hours a day, mostly weekends. I like one-to-one sessions and hands-on projects.",
]


def seed(stdout) -> None:
    user = User.objects.filter(email=DEMO_EMAIL).first()
    if user is None or AIProfile.objects.filter(user=user).exists():
        stdout.write("  kept the demo learner's AI profile")
        return
    session = services.session_start(user=user).session
    for step in range(1, session.total_steps + 1):
        text = DEMO_ANSWERS[min(step, len(DEMO_ANSWERS)) - 1]
        services.answer_submit(
            user=user, session_id=session.pk, step=step, answer_type="text", answer_text=text
        )
    services.session_complete(user=user, session_id=session.pk)
    stdout.write(f"  completed the onboarding interview of {DEMO_EMAIL}")
