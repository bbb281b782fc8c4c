"""The learning pages: catalogue with filters, an opportunity with its lessons and enroll/pay, My
learning with progress bars, a lesson that records progress, learning paths with milestones, and
a mentor's authoring pages. Another learner's path is a 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from learning.models import Enrollment, LearningPath, Opportunity
from payments.models import Payment
from tests.factories import UserFactory
from tests.learning.factories import a_subcategory, opportunity
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_filters_and_links_each_opportunity(client):
    course = opportunity(lessons=1, title="Python from zero")
    opportunity(lessons=1, title="Statistics basics", difficulty="advanced")

    page = client.get(reverse("learning:catalogue"), {"q": "python"}).content.decode()

    assert "Python from zero" in page and "Statistics basics" not in page
    assert reverse("learning:opportunity", args=[course.pk]) in page
    level = client.get(reverse("learning:catalogue"), {"difficulty": "advanced"}).content.decode()
    assert "Statistics basics" in level and "Python from zero" not in level


def test_a_learner_enrolls_completes_lessons_and_sees_the_progress(client):
    learner = UserFactory()
    course = opportunity(lessons=2, description="## About\n<script>x()</script>Hello")
    client.force_login(learner)

    detail = client.get(reverse("learning:opportunity", args=[course.pk])).content.decode()
    assert "Enroll for free" in detail and "<script>x()" not in detail

    client.post(reverse("learning:enroll", args=[course.pk]))
    enrollment = Enrollment.objects.get(user=learner)
    first, second = course.lessons.order_by("order")
    lesson = client.get(reverse("learning:lesson", args=[course.pk, first.pk]))
    assert lesson.status_code == 200
    response = client.post(reverse("learning:lesson", args=[course.pk, first.pk]), {"minutes": "12"})
    assert response.url == reverse("learning:lesson", args=[course.pk, second.pk])
    client.post(reverse("learning:lesson", args=[course.pk, second.pk]), {"minutes": "5"})

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.progress_percentage, enrollment.total_time_spent_minutes) == (
        "completed",
        100,
        17,
    )
    client.post(reverse("learning:rate", args=[course.pk]), {"rating": "4", "review": "Clear"})
    course.refresh_from_db()
    assert (course.average_rating, course.rating_count) == (4, 1)
    mine = client.get(reverse("learning:my-learning")).content.decode()
    assert course.title in mine and 'value="100"' in mine


def test_a_paid_course_sends_the_learner_to_the_checkout(client):
    learner = UserFactory()
    course = opportunity(lessons=1, price=Decimal("30.00"))
    client.force_login(learner)
    response = client.post(reverse("learning:enroll", args=[course.pk]))
    payment = Payment.objects.get(payer=learner)
    back = reverse("learning:opportunity", args=[course.pk])
    assert response.url == f"{reverse('payments:checkout', args=[payment.pk])}?next={back}"


def test_lessons_are_closed_to_someone_not_enrolled(client):
    course = opportunity(lessons=1)
    client.force_login(UserFactory())
    assert (
        client.get(reverse("learning:lesson", args=[course.pk, course.lessons.get().pk])).status_code == 404
    )


def test_a_learning_path_page_shows_milestones_and_completes_in_order(client):
    learner = UserFactory()
    client.force_login(learner)
    subcategory = a_subcategory()

    response = client.post(reverse("learning:paths"), {"subcategory": subcategory.pk})
    path = LearningPath.objects.get(user=learner)
    assert response.url == reverse("learning:path", args=[path.pk])
    page = client.get(response.url).content.decode()
    assert path.milestones.get(step=1).title in page

    client.post(reverse("learning:path", args=[path.pk]), {"step": "2"})
    path.refresh_from_db()
    assert path.current_step == 1
    client.post(reverse("learning:path", args=[path.pk]), {"step": "1"})
    path.refresh_from_db()
    assert path.current_step == 2

    client.force_login(UserFactory())
    assert client.get(reverse("learning:path", args=[path.pk])).status_code == 404


def test_a_mentor_authors_a_workshop_with_a_lesson_and_publishes_it(client):
    mentor = MentorFactory()
    subcategory = a_subcategory()
    client.force_login(mentor.user)
    form = {
        "type": "workshop",
        "title": "Git in an afternoon",
        "summary": "Hands on",
        "difficulty": "beginner",
        "subcategory": subcategory.pk,
        "starts_at": "2031-05-01 14:00",
        "capacity": "10",
        "action": "save",
    }

    response = client.post(reverse("learning:author-new"), form)
    item = Opportunity.objects.get(title="Git in an afternoon")
    assert response.url == reverse("learning:author-edit", args=[item.pk])
    client.post(reverse("learning:author-lesson-add", args=[item.pk]), {"lesson-title": "Branches"})
    client.post(reverse("learning:author-edit", args=[item.pk]), {**form, "action": "publish"})

    item.refresh_from_db()
    assert item.status == "published" and item.mentor == mentor
    assert list(item.lessons.values_list("title", flat=True)) == ["Branches"]
    assert "Git in an afternoon" in client.get(reverse("learning:author-list")).content.decode()

    client.force_login(MentorFactory().user)
    assert client.get(reverse("learning:author-edit", args=[item.pk])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("learning:author-list")).status_code == 404
