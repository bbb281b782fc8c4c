"""Demo groups for `manage.py seed_demo`: public and private groups led by demo mentors, with
posts, threaded comments and @mentions; a private group with a pending request (Lea's, the demo
learner, so she sees the pending state); an archived group; and a cohort's discussion group.

Everything goes through community.services, as members would do it. Safe to run again: a group
whose name exists is left as it is."""

from __future__ import annotations

from accounts.models import User
from community.models.groups import Group, GroupMembership
from community.services import groups as group_services
from community.services import posts as post_services
from learning.models import Opportunity, OpportunityType
from learning.services.catalogue import may_author
from mentors.demo import _email as mentor_email
from mentors.models import Category

LEA = "learner@mentora.local"
LEARNERS = [
    "maya@mentora.local",
    "jonas@mentora.local",
    "aiko@mentora.local",
    "carlos@mentora.local",
    "ada@mentora.local",
]

# owner (a demo mentor), name, category, visibility, description, rules, posts:
# (author email, title, body, [(commenter, body, [(replier, body)])])
GROUPS = [
    (
        "Dana Fischer",
        "UX Design Circle",
        "Tech & Digital Innovation",
        "public",
        "Share work in progress, ask for critique and swap research tips.",
        "- Be kind and specific.\n- Critique the work, not the person.\n- No self-promotion.",
        [
            (
                "maya@mentora.local",
                "How many users for a usability test?",
                "I have a prototype ready. Is **five** people really enough, or is that a myth?",
                [
                    (
                        "jonas@mentora.local",
                        "Five finds most problems for one kind of user. Test again after fixing.",
                        [("maya@mentora.local", "Thanks @jonas.weber, that makes sense.")],
                    ),
                    (
                        "aiko@mentora.local",
                        "Recruit people who match your real audience, not colleagues.",
                        [],
                    ),
                ],
            ),
            (
                "jonas@mentora.local",
                "Portfolio case study structure",
                "What goes first: the problem, or the outcome? Here is my outline:\n\n1. Context\n2. Problem\n3. Process\n4. Outcome",
                [("carlos@mentora.local", "Lead with the outcome; recruiters skim.", [])],
            ),
        ],
    ),
    (
        "Kenji Watanabe",
        "Data Science Study Group",
        "Tech & Digital Innovation",
        "public",
        "Work through pandas and machine learning together, one notebook at a time.",
        "Post code as fenced blocks. Say what you tried.",
        [
            (
                "aiko@mentora.local",
                "groupby returns a weird index",
                "After `df.groupby('city').sum()` the city becomes the index. How do I keep it a column?",
                [
                    (
                        "carlos@mentora.local",
                        "Use `as_index=False` or call `.reset_index()` after.",
                        [("aiko@mentora.local", "That worked, thank you!")],
                    )
                ],
            ),
        ],
    ),
    (
        "Priya Nair",
        "Python Beginners",
        "Tech & Digital Innovation",
        "public",
        "New to Python? Ask anything here, no question is too small.",
        "",
        [
            (
                "carlos@mentora.local",
                "for or while?",
                "When should I use a `while` loop instead of `for`?",
                [],
            ),
        ],
    ),
    (
        "Dana Fischer",
        "Portfolio Review Room",
        "Tech & Digital Innovation",
        "private",
        "A closed room for honest portfolio reviews before you apply.",
        "What is shared here stays here.",
        [
            (
                "maya@mentora.local",
                "Please review my checkout redesign",
                "Three screens, before and after. I am unsure about the progress bar.",
                [("ada@mentora.local", "The progress bar needs a text label for screen reader users.", [])],
            ),
        ],
    ),
    (
        "Liam O'Brien",
        "Statistics Office Hours",
        "Mathematics",
        "private",
        "Bring the statistics questions from your course or job.",
        "",
        [],
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _join(group: Group, user: User, owner: User) -> None:
    if GroupMembership.objects.filter(group=group, user=user).exists():
        return
    membership = group_services.group_join(group_id=group.pk, user=user)
    if membership.status == "pending":
        group_services.membership_decide(group_id=group.pk, user_id=user.pk, moderator=owner, approve=True)


def seed(stdout) -> None:
    made = 0
    for owner_name, name, category_name, visibility, description, rules, posts in GROUPS:
        owner = _user(mentor_email(owner_name))
        if owner is None or Group.objects.filter(name=name).exists():
            continue
        category = Category.objects.filter(name=category_name, parent__isnull=True).first()
        group = group_services.group_create(
            user=owner,
            name=name,
            description=description,
            rules=rules,
            visibility=visibility,
            category_id=category.pk if category else None,
        )
        made += 1
        people = [u for u in (_user(e) for e in LEARNERS) if u is not None]
        for person in people:
            _join(group, person, owner)
        if people:
            group_services.group_update(group_id=group.pk, user=owner, data={"moderator_ids": [people[0].pk]})
        for author_email, title, body, comments in posts:
            author = _user(author_email)
            if author is None:
                continue
            post = post_services.post_create(
                group_id=group.pk, user=author, title=title, body=body, rate_limited=False
            )
            for commenter_email, text, replies in comments:
                commenter = _user(commenter_email)
                if commenter is None:
                    continue
                top = post_services.comment_create(
                    post_id=post.pk, user=commenter, body=text, rate_limited=False
                )
                for replier_email, reply in replies:
                    replier = _user(replier_email)
                    if replier is not None:
                        post_services.comment_create(
                            post_id=post.pk, user=replier, body=reply, parent_id=top.pk, rate_limited=False
                        )
        if name == "Python Beginners" and posts:
            first = group.posts.order_by("created_at").first()
            post_services.post_update(post_id=first.pk, user=owner, is_pinned=True)
        if visibility == "private":
            lea = _user(LEA)
            if lea is not None and not GroupMembership.objects.filter(group=group, user=lea).exists():
                group_services.group_join(group_id=group.pk, user=lea)  # pending: a moderator decides
    made += _cohort_and_archive()
    stdout.write(f"  community groups: {made} made")


def _cohort_and_archive() -> int:
    """A cohort opportunity's discussion group, and an archived group of a past cohort."""
    made = 0
    cohort = None
    if not Group.objects.filter(opportunity__isnull=False).exists():
        cohort = Opportunity.objects.filter(type=OpportunityType.GROUP).order_by("title").first()
    owner = cohort.created_by if cohort is not None else None
    if cohort is not None and owner is not None and may_author(owner):
        group_services.group_create(
            user=owner,
            name=f"{cohort.title}: discussion",
            description="Questions between the cohort's sessions.",
            visibility="private",
            opportunity_id=cohort.pk,
        )
        made += 1
    owner = _user(mentor_email("Emily Zhang"))
    if owner is not None and not Group.objects.filter(name="Product Cohort, Spring 2026").exists():
        group = group_services.group_create(
            user=owner,
            name="Product Cohort, Spring 2026",
            description="The spring cohort's discussion, kept for reference.",
        )
        group_services.group_update(group_id=group.pk, user=owner, data={"archived": True})
        made += 1
    return made
