"""A mentor's public figures for their portfolio (accounts.portfolio.facts): only an approved
profile has any, and only what the public mentor profile shows already."""

from __future__ import annotations

from accounts.portfolio import facts


def mentor_stats(user) -> facts.MentorStats | None:
    from mentors.models import MentorProfile, MentorStatus

    profile = MentorProfile.objects.filter(user=user, status=MentorStatus.APPROVED).first()
    if profile is None:
        return None
    return facts.MentorStats(
        mentor_id=str(profile.pk),
        title=profile.title,
        average_rating=f"{profile.average_rating:.2f}",
        total_reviews=profile.total_reviews,
        total_sessions_completed=profile.total_sessions_completed,
        years_of_experience=profile.years_of_experience,
    )
