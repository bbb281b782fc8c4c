"""The words the platform writes about a person, from real facts only.

Every sentence is a template over counts, titles and dates the facts providers returned; a
section with nothing in it adds no sentence, so a newcomer's summary says exactly that and no
more. Nothing is guessed, praised or invented.
"""

from __future__ import annotations

from accounts import taxonomy
from accounts.models import ProficiencyLevel, UserSkill
from accounts.portfolio.facts import Facts, duration_text, plural

__all__ = ["LEVEL_RANK", "duration_text", "listing", "plural", "skills_of", "summary_text"]

LEVEL_RANK = {
    ProficiencyLevel.EXPERT: 4,
    ProficiencyLevel.ADVANCED: 3,
    ProficiencyLevel.INTERMEDIATE: 2,
    ProficiencyLevel.BEGINNER: 1,
}


def skills_of(user) -> list[dict]:
    """The person's skills with levels, strongest first (two queries: skills, category names)."""
    rows = taxonomy.attach_categories(UserSkill.objects.filter(user=user).select_related("skill"))
    rows.sort(key=lambda row: (-LEVEL_RANK.get(row.proficiency_level, 0), row.skill.name.lower()))
    return [
        {
            "name": row.skill.name,
            "level": row.proficiency_level,
            "category": row.category.name if row.category else None,
        }
        for row in rows
    ]


def listing(items: list[str], *, limit: int = 3) -> str:
    """ "a", "a and b", "a, b and c", "a, b, c and 2 more"."""
    shown = items[:limit]
    rest = len(items) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" and {shown[-1]}"


def summary_text(*, name: str, skills: list[dict], found: Facts) -> str:
    sentences: list[str] = []
    stats = found.mentor_stats
    if stats is not None:
        sentence = f"{name} mentors on Mentora"
        if stats.title:
            sentence += f" as {stats.title}"
        figures = []
        if stats.total_sessions_completed:
            figures.append(plural(stats.total_sessions_completed, "session") + " given")
        if stats.total_reviews:
            figures.append(f"rated {stats.average_rating} from " + plural(stats.total_reviews, "review"))
        sentences.append(sentence + (f", with {listing(figures)}" if figures else "") + ".")
    sessions = sum(item.sessions for item in found.experience)
    if sessions:
        minutes = sum(item.minutes for item in found.experience)
        mentors = sorted({item.mentor for item in found.experience})
        sentences.append(
            f"{name} has completed {plural(sessions, 'mentoring session')} ({duration_text(minutes)}) "
            f"with {listing(mentors)}."
        )
    if found.courses:
        titles = [item.title for item in found.courses]
        sentences.append(f"Finished {plural(len(titles), 'course')}: {listing(titles)}.")
    if found.certificates:
        sentences.append(f"Holds {plural(len(found.certificates), 'certificate')}.")
    if found.achievements:
        names = [item.name for item in found.achievements]
        sentences.append(f"Earned {plural(len(names), 'achievement')}, including {listing(names, limit=2)}.")
    if skills:
        named = [f"{skill['name']} ({skill['level']})" for skill in skills]
        sentences.append(f"Skills: {listing(named, limit=5)}.")
    if not sentences:
        sentences.append(f"{name} has joined Mentora and has not completed a session or a course yet.")
    return " ".join(sentences)
