"""Demo resumes and portfolio for `manage.py seed_demo`: the demo learner Lea
(learner@mentora.local) gets a published portfolio with two projects and two resume versions,
the first made before the portfolio was published (so it has no portfolio link) and the second
after. Everything goes through accounts.portfolio.services, over Lea's real demo history.

The facts come from bookings and learning, whose demo data must exist first: learning's demo
calls `seed` at its end (seed_demo runs the apps lowest layer first, so bookings ran before).
Safe to run again: a learner who has a portfolio or resumes already keeps them.
"""

from __future__ import annotations

from accounts.demo import avatar_picture
from accounts.models import Portfolio, Resume, User
from accounts.portfolio import services

LEA = "learner@mentora.local"

PROJECTS = [
    (
        "Statistics notebook",
        "Worked examples from the Statistics without tears course, explained in plain words.",
        "https://example.org/lea/statistics-notebook",
        (37, 99, 235),
    ),
    ("First Python script", "A script that tidies my photo folders by date.", "", (5, 150, 105)),
]


def seed(stdout) -> None:
    lea = User.objects.filter(email=LEA).first()
    if lea is None:
        return
    if not Resume.objects.filter(user=lea).exists():
        services.resume_generate(user=lea)
    if not Portfolio.objects.filter(user=lea).exists():
        services.portfolio_put(
            user=lea,
            custom_url="lea-learns",
            bio="Learning Python and statistics in the evenings, one session at a time.",
            featured_projects=[
                services.ProjectIn(
                    title=title, description=text, link=link, image=avatar_picture(title, colour)
                )
                for title, text, link, colour in PROJECTS
            ],
        )
    if Resume.objects.filter(user=lea).count() < 2:
        services.resume_generate(user=lea)
    stdout.write(
        f"  Lea's portfolio at /p/{Portfolio.objects.get(user=lea).custom_url}/ and "
        f"{Resume.objects.filter(user=lea).count()} resume versions"
    )
