"""Progress (server-computed percentage, statuses, time, last access) and learning paths
(generated milestones with suggestions, one active per subcategory, completed in order)."""

from __future__ import annotations

import pytest

from learning.models import Enrollment, LessonProgress
from learning.signals import enrollment_completed, lesson_completed, milestone_completed
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.learning.factories import ENROLLMENTS_URL, OPPORTUNITIES_URL, PATHS_URL, a_subcategory, opportunity
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db


def _enrolled(learner, lessons=12):
    course = opportunity(lessons=lessons)
    body = client_for(learner).post(f"{OPPORTUNITIES_URL}/{course.pk}/enroll", {}, format="json").json()
    return course, body["enrollment"]["id"]


def test_three_of_twelve_lessons_is_25_percent_and_starts_the_enrollment():
    learner = UserFactory()
    course, enrollment_id = _enrolled(learner)
    lessons = [str(pk) for pk in course.lessons.order_by("order").values_list("pk", flat=True)]

    response = client_for(learner).patch(
        f"{ENROLLMENTS_URL}/{enrollment_id}/progress",
        {"completed_lesson_ids": lessons[:3], "current_lesson_id": lessons[3], "time_spent_minutes": 30},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["progress_percentage"], body["completed_lessons"], body["total_lessons"]) == (25, 3, 12)
    assert body["status"] == "in_progress"
    assert body["total_time_spent_minutes"] == 30
    assert body["last_accessed_at"] is not None
    listed = client_for(learner).get(ENROLLMENTS_URL, {"status": "in_progress"}).json()
    assert listed["items"][0]["completion_percentage"] == 25


def test_the_last_lesson_completes_the_enrollment_once():
    learner = UserFactory()
    course, enrollment_id = _enrolled(learner, lessons=2)
    lessons = [str(pk) for pk in course.lessons.values_list("pk", flat=True)]
    completions, lesson_events = [], []

    def on_complete(sender, enrollment, **kwargs):
        completions.append(enrollment.pk)

    def on_lesson(sender, progress, **kwargs):
        lesson_events.append(progress.lesson_id)

    enrollment_completed.connect(on_complete, dispatch_uid="test-complete")
    lesson_completed.connect(on_lesson, dispatch_uid="test-lesson")
    try:
        client = client_for(learner)
        url = f"{ENROLLMENTS_URL}/{enrollment_id}/progress"
        assert (
            client.patch(url, {"completed_lesson_ids": lessons}, format="json").json()["status"]
            == "completed"
        )
        again = client.patch(url, {"completed_lesson_ids": lessons}, format="json").json()
    finally:
        enrollment_completed.disconnect(dispatch_uid="test-complete")
        lesson_completed.disconnect(dispatch_uid="test-lesson")
    assert again["progress_percentage"] == 100
    assert len(completions) == 1
    assert len(lesson_events) == 2
    assert Enrollment.objects.get(pk=enrollment_id).completed_at is not None
    assert LessonProgress.objects.filter(enrollment_id=enrollment_id).count() == 2


def test_a_lesson_of_another_course_is_400_naming_the_field():
    learner = UserFactory()
    _, enrollment_id = _enrolled(learner, lessons=1)
    stranger_lesson = opportunity(lessons=1).lessons.get()
    response = client_for(learner).patch(
        f"{ENROLLMENTS_URL}/{enrollment_id}/progress",
        {"completed_lesson_ids": [str(stranger_lesson.pk)]},
        format="json",
    )
    assert response.status_code == 400
    assert "completed_lesson_ids" in response.json()["details"]


def test_bad_progress_input_is_400_with_field_details():
    learner = UserFactory()
    _, enrollment_id = _enrolled(learner, lessons=1)
    response = client_for(learner).patch(
        f"{ENROLLMENTS_URL}/{enrollment_id}/progress", {"time_spent_minutes": -5}, format="json"
    )
    assert response.status_code == 400
    assert "time_spent_minutes" in response.json()["details"]


# --- learning paths -------------------------------------------------------------------------------


def test_a_path_is_generated_from_the_subcategory_with_suggestions_and_one_active_per_subcategory():
    learner = UserFactory()
    subcategory = a_subcategory()
    course = opportunity(lessons=1, subcategory=subcategory, title=f"Intro to {subcategory.name}")
    mentor = MentorFactory()
    mentor.categories.add(subcategory.parent)
    client = client_for(learner)

    response = client.post(PATHS_URL, {"subcategory_id": str(subcategory.pk)}, format="json")

    assert response.status_code == 201, response.content
    path = response.json()
    assert path["current_step"] == 1
    assert path["total_steps"] == len(path["milestones"]) >= 2
    assert [m["step"] for m in path["milestones"]] == list(range(1, path["total_steps"] + 1))
    difficulties = [m["difficulty"] for m in path["milestones"]]
    assert difficulties == sorted(difficulties, key=["beginner", "intermediate", "advanced"].index)
    suggested = {s["opportunity"]["id"] for m in path["milestones"] for s in m["suggested_opportunities"]}
    assert str(course.pk) in suggested
    mentors = {s["mentor_id"] for m in path["milestones"] for s in m["suggested_mentors"]}
    assert str(mentor.pk) in mentors

    again = client.post(PATHS_URL, {"subcategory_id": str(subcategory.pk)}, format="json")
    assert again.status_code == 409

    listed = client.get(PATHS_URL).json()
    assert listed["items"][0]["next_milestone"]["step"] == 1


def test_milestones_complete_in_order_and_out_of_order_is_409():
    learner = UserFactory()
    client = client_for(learner)
    path = client.post(PATHS_URL, {"subcategory_id": str(a_subcategory().pk)}, format="json").json()
    url = f"{PATHS_URL}/{path['id']}/complete-milestone"
    seen = []

    def on_milestone(sender, milestone, **kwargs):
        seen.append(milestone.step)
        return {"achievements_unlocked": [{"name": "First step"}]}

    milestone_completed.connect(on_milestone, dispatch_uid="test-milestone")
    try:
        skipped = client.post(url, {"step": 2}, format="json")
        done = client.post(url, {"step": 1}, format="json")
        twice = client.post(url, {"step": 1}, format="json")
    finally:
        milestone_completed.disconnect(dispatch_uid="test-milestone")

    assert skipped.status_code == 409
    assert skipped.json()["details"]["current_step"] == 1
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["milestone"]["step"] == 1
    assert body["points_earned"] == 50
    # Next to rewards' own achievements (the seeded "On the path", when the table holds it).
    assert {"name": "First step"} in body["achievements_unlocked"]
    assert body["next_milestone"]["step"] == 2
    assert twice.status_code == 409
    assert seen == [1]


def test_a_top_level_category_is_400():
    from mentors.models import Category

    top = Category.objects.filter(parent__isnull=True).first() or a_subcategory().parent
    response = client_for(UserFactory()).post(PATHS_URL, {"subcategory_id": str(top.pk)}, format="json")
    assert response.status_code == 400
    assert "subcategory_id" in response.json()["details"]


def test_another_users_path_is_404():
    owner = UserFactory()
    path = (
        client_for(owner).post(PATHS_URL, {"subcategory_id": str(a_subcategory().pk)}, format="json").json()
    )
    stranger = client_for(UserFactory())
    assert stranger.get(f"{PATHS_URL}/{path['id']}").status_code == 404
    assert (
        stranger.post(f"{PATHS_URL}/{path['id']}/complete-milestone", {"step": 1}, format="json").status_code
        == 404
    )


def test_recommendations_have_a_reason_and_the_path_fit():
    from accounts.models import LearnerProfile

    learner = UserFactory()
    LearnerProfile.objects.update_or_create(
        user=learner, defaults={"learning_goals": "I want to learn data analysis with Python"}
    )
    subcategory = a_subcategory()
    opportunity(lessons=1, title="Python for data analysis", subcategory=subcategory)
    opportunity(lessons=1, title="Watercolour painting basics", summary="Brushes and colour")

    response = client_for(learner).get(f"{OPPORTUNITIES_URL}/recommended", {"limit": 5})

    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert items[0]["opportunity"]["title"] == "Python for data analysis"
    assert items[0]["reason"]
    assert "learning_path_fit" in items[0]


def test_a_lessons_content_is_for_enrolled_learners_only():
    learner = UserFactory()
    course, _ = _enrolled(learner, lessons=1)
    lesson = course.lessons.get()
    lesson.content = "## Hello\n<script>x()</script>"
    lesson.save()
    url = f"{OPPORTUNITIES_URL}/{course.pk}/lessons/{lesson.pk}"

    body = client_for(learner).get(url).json()
    assert body["title"] == lesson.title
    assert "<h2>Hello</h2>" in body["content_html"] and "<script>" not in body["content_html"]
    assert body["completed"] is False
    assert client_for(UserFactory()).get(url).status_code == 404
