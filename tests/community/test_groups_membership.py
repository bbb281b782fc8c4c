"""Groups and membership: public and private groups, joining, approval, roles, ownership and
archiving (API.md §7)."""

from __future__ import annotations

import pytest

from accounts.models import AuditEntry
from community.models.groups import GroupMembership, MembershipStatus
from messaging.models import Notification
from tests.community.group_factories import a_group, a_post, member_of
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.mentors.factories import MentorFactory

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/groups"


def test_a_mentor_creates_a_group_and_becomes_its_owner():
    mentor = MentorFactory().user
    response = client_for(mentor).post(
        GROUPS,
        {"name": "Design critique", "description": "Show work", "visibility": "private"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["visibility"] == "private"
    assert body["my_role"] == "owner" and body["is_member"] is True
    assert body["member_count"] == 1
    assert [m["role"] for m in body["moderators"]] == ["owner"]


def test_a_learner_cannot_create_a_group():
    response = client_for(UserFactory()).post(GROUPS, {"name": "Mine"}, format="json")
    assert response.status_code == 403


def test_bad_input_is_a_400_naming_each_field():
    mentor = MentorFactory().user
    response = client_for(mentor).post(GROUPS, {"name": "", "visibility": "secret"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "VALIDATION_ERROR"
    assert {"name", "visibility"} <= set(body["details"])
    bad_filter = client_for(None).get(GROUPS, {"joined": "maybe"})
    assert bad_filter.status_code == 400 and "joined" in bad_filter.json()["details"]


def test_joining_a_public_group_is_instant():
    group = a_group()
    learner = UserFactory()
    response = client_for(learner).post(f"{GROUPS}/{group.pk}/join")
    assert response.status_code == 201
    assert response.json()["membership"] == {
        "group_id": str(group.pk),
        "role": "member",
        "status": "active",
        "joined_at": response.json()["membership"]["joined_at"],
    }
    group.refresh_from_db()
    assert group.member_count == 2
    again = client_for(learner).post(f"{GROUPS}/{group.pk}/join")
    assert again.status_code == 409


def test_a_private_groups_posts_members_and_comments_are_invisible_to_non_members():
    group = a_group(visibility="private")
    post = a_post(group)
    stranger = client_for(UserFactory())
    anonymous = client_for(None)
    for client in (stranger, anonymous):
        assert client.get(f"{GROUPS}/{group.pk}/posts").status_code == 404
        assert client.get(f"/api/v1/posts/{post.pk}").status_code == 404
        assert client.get(f"/api/v1/posts/{post.pk}/comments").status_code == 404
        # Its public face only (so people can ask to join): no rules, no moderators.
        face = client.get(f"{GROUPS}/{group.pk}").json()
        assert face["can_read"] is False and face["moderators"] == [] and face["rules"] == ""
    assert stranger.get(f"{GROUPS}/{group.pk}/members").status_code == 404


def test_joining_a_private_group_is_pending_until_a_moderator_approves_then_they_can_post():
    group = a_group(visibility="private")
    learner = UserFactory()
    api = client_for(learner)
    joined = api.post(f"{GROUPS}/{group.pk}/join")
    assert joined.status_code == 201
    assert joined.json()["membership"]["status"] == "pending"
    # The moderators hear of the request; the group's content stays closed to the applicant.
    assert Notification.objects.filter(user=group.owner, type="group_membership").exists()
    assert api.get(f"{GROUPS}/{group.pk}/posts").status_code == 404
    refused = api.post(f"{GROUPS}/{group.pk}/posts", {"title": "Hi", "body": "Me"}, format="json")
    assert refused.status_code == 404

    # A plain member cannot approve.
    other = member_of(group)
    assert client_for(other).post(f"{GROUPS}/{group.pk}/members/{learner.pk}/approve").status_code == 403

    owner_api = client_for(group.owner)
    pending = owner_api.get(f"{GROUPS}/{group.pk}/members", {"status": "pending"}).json()["items"]
    assert [m["user"]["id"] for m in pending] == [str(learner.pk)]
    approved = owner_api.post(f"{GROUPS}/{group.pk}/members/{learner.pk}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    told = Notification.objects.get(user=learner, type="group_membership")
    assert "joined" in told.title
    assert AuditEntry.objects.filter(
        action="community.member_approved", details__user_id=str(learner.pk)
    ).exists()

    posted = api.post(
        f"{GROUPS}/{group.pk}/posts", {"title": "Hello", "body": "Glad to be here"}, format="json"
    )
    assert posted.status_code == 201
    group.refresh_from_db()
    assert group.member_count == 3


def test_a_declined_request_is_told_and_may_ask_again():
    group = a_group(visibility="private")
    learner = UserFactory()
    client_for(learner).post(f"{GROUPS}/{group.pk}/join")
    declined = client_for(group.owner).post(f"{GROUPS}/{group.pk}/members/{learner.pk}/decline")
    assert declined.json()["status"] == "declined"
    assert "declined" in Notification.objects.get(user=learner, type="group_membership").title
    assert (
        client_for(group.owner).post(f"{GROUPS}/{group.pk}/members/{learner.pk}/decline").status_code == 409
    )
    again = client_for(learner).post(f"{GROUPS}/{group.pk}/join")
    assert again.json()["membership"]["status"] == "pending"


def test_the_owner_promotes_moderators_and_hands_over_ownership_before_leaving():
    group = a_group()
    alice, bob = member_of(group), member_of(group)
    owner_api = client_for(group.owner)
    assert owner_api.post(f"{GROUPS}/{group.pk}/leave").status_code == 409

    # Only the owner (or staff) sets moderators.
    assert (
        client_for(alice)
        .patch(f"{GROUPS}/{group.pk}", {"moderator_ids": [str(alice.pk)]}, format="json")
        .status_code
        == 403
    )
    promoted = owner_api.patch(f"{GROUPS}/{group.pk}", {"moderator_ids": [str(alice.pk)]}, format="json")
    assert {m["user"]["id"] for m in promoted.json()["moderators"]} == {str(group.owner.pk), str(alice.pk)}
    stranger = UserFactory()
    bad = owner_api.patch(f"{GROUPS}/{group.pk}", {"moderator_ids": [str(stranger.pk)]}, format="json")
    assert bad.status_code == 400 and "moderator_ids" in bad.json()["details"]

    handed = owner_api.patch(f"{GROUPS}/{group.pk}", {"owner_id": str(bob.pk)}, format="json")
    assert handed.status_code == 200
    roles = {m["user"]["id"]: m["role"] for m in handed.json()["moderators"]}
    assert roles == {str(bob.pk): "owner", str(group.owner.pk): "moderator", str(alice.pk): "moderator"}
    assert GroupMembership.objects.get(group=group, user=group.owner).role == "moderator"
    assert owner_api.post(f"{GROUPS}/{group.pk}/leave").status_code == 204
    assert not GroupMembership.objects.filter(group=group, user=group.owner).exists()
    assert AuditEntry.objects.filter(action="community.ownership_transferred").exists()


def test_an_archived_group_is_read_only():
    group = a_group()
    member = member_of(group)
    post = a_post(group, member)
    owner_api = client_for(group.owner)
    assert (
        owner_api.patch(f"{GROUPS}/{group.pk}", {"archived": True}, format="json").json()["is_archived"]
        is True
    )

    api = client_for(member)
    assert api.get(f"{GROUPS}/{group.pk}/posts").status_code == 200
    assert (
        api.post(f"{GROUPS}/{group.pk}/posts", {"title": "More", "body": "x"}, format="json").status_code
        == 409
    )
    assert api.post(f"/api/v1/posts/{post.pk}/comments", {"body": "x"}, format="json").status_code == 409
    assert api.patch(f"/api/v1/posts/{post.pk}", {"title": "Edited"}, format="json").status_code == 409
    assert client_for(UserFactory()).post(f"{GROUPS}/{group.pk}/join").status_code == 409
    assert owner_api.patch(f"{GROUPS}/{group.pk}", {"name": "Renamed"}, format="json").status_code == 409
    reopened = owner_api.patch(f"{GROUPS}/{group.pk}", {"archived": False}, format="json")
    assert reopened.json()["is_archived"] is False


def test_filters_by_q_category_and_joined(taxonomy):
    from mentors.models import Category

    category = Category.objects.filter(parent__isnull=True).first()
    design = a_group(name="Design critique", category_id=category.pk)
    data = a_group(name="Data science circle")
    learner = UserFactory()
    member_of(data, learner)
    api = client_for(learner)

    def ids(**params):
        return [g["id"] for g in api.get(GROUPS, params).json()["items"]]

    assert ids(q="critique") == [str(design.pk)]
    assert ids(category_id=str(category.pk)) == [str(design.pk)]
    assert ids(joined="true") == [str(data.pk)]
    assert ids(joined="false") == [str(design.pk)]
    listed = {g["id"]: g for g in api.get(GROUPS).json()["items"]}
    assert listed[str(data.pk)]["is_member"] is True and listed[str(design.pk)]["is_member"] is False


def test_a_cohort_opportunity_links_to_its_discussion_group():
    from tests.learning.factories import opportunity

    cohort = opportunity(lessons=0, title="Cohort")
    group = a_group(opportunity_id=cohort.pk)
    assert client_for(None).get(f"{GROUPS}/{group.pk}").json()["opportunity_id"] == str(cohort.pk)
    second = client_for(MentorFactory().user).post(
        GROUPS, {"name": "Another", "opportunity_id": str(cohort.pk)}, format="json"
    )
    assert second.status_code == 400 and "opportunity_id" in second.json()["details"]


def test_strangers_cannot_change_a_group_or_decide_requests():
    group = a_group()
    stranger = client_for(UserFactory())
    assert stranger.patch(f"{GROUPS}/{group.pk}", {"name": "Mine now"}, format="json").status_code == 403
    applicant = UserFactory()
    private = a_group(visibility="private")
    client_for(applicant).post(f"/api/v1/groups/{private.pk}/join")
    assert stranger.post(f"{GROUPS}/{private.pk}/members/{applicant.pk}/approve").status_code == 404
    assert stranger.post(f"{GROUPS}/{private.pk}/leave").status_code == 404
    assert GroupMembership.objects.get(group=private, user=applicant).status == MembershipStatus.PENDING


@pytest.mark.parametrize("rows", [5, 50])
def test_group_lists_run_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    owner = MentorFactory().user
    learner = UserFactory()
    for n in range(rows):
        group = a_group(owner=owner, name=f"Group {n}", visibility="private" if n % 3 == 0 else "public")
        if n % 2:
            member_of(group, learner)
    api = client_for(learner)
    with django_assert_max_num_queries(4):
        response = api.get(GROUPS, {"limit": 50})
    assert response.json()["total"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_member_lists_run_a_constant_number_of_queries(rows, django_assert_max_num_queries):
    group = a_group(visibility="private")
    for _ in range(rows):
        member_of(group)
    api = client_for(group.owner)
    with django_assert_max_num_queries(7):
        response = api.get(f"{GROUPS}/{group.pk}/members", {"limit": 100})
    assert response.json()["total"] == rows + 1
