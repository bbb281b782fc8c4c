"""Every page of the site, for the accessibility and reflow checks (test_accessibility.py).

The list is read from the URL resolver, so a page a new app adds is found without anyone
remembering to list it: a GET route outside /api/ and the admin is a page, and it must have an
entry in PAGES (who sees it, and how to fill its path parameters from the objects `build_world`
makes) or in EXCLUDED (with the reason it is not checked). Routes whose view only answers POST
(require_POST and friends) are actions, not pages, and need neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ANONYMOUS, LEARNER, MENTOR, STAFF = "anonymous", "learner", "mentor", "staff"
USER_KINDS = (ANONYMOUS, LEARNER, MENTOR, STAFF)
SIGNED_IN = (LEARNER, MENTOR, STAFF)
EVERYONE = USER_KINDS

# Prefixes of routes that are not site pages at all.
NOT_PAGES = ("api/", "admin/")


@dataclass(frozen=True)
class Page:
    """A page route: the kinds of users it is checked for, and its URL(s) for one of them."""

    users: tuple[str, ...]
    # (world, user kind) -> reverse() kwargs, or a list of them for a page with several states.
    kwargs: Callable[[SimpleNamespace, str], dict | list[dict]] = field(default=lambda world, kind: {})
    query: str = ""
    # What the page answers: an invalid link's page is a 400 with its explanation.
    status: int = 200


def _booking(world, kind):
    return {"booking_id": world.booking.pk}


PAGES: dict[str, Page] = {
    "home": Page(EVERYONE),
    # accounts
    "accounts:signup": Page((ANONYMOUS,)),
    "accounts:login": Page((ANONYMOUS,)),
    "accounts:account": Page(SIGNED_IN),
    "accounts:account-delete": Page((LEARNER,)),
    "accounts:verification-sent": Page((ANONYMOUS,)),
    "accounts:verify-email": Page((ANONYMOUS,), lambda world, kind: {"key": "no-such-key"}),
    "accounts:password-reset": Page((ANONYMOUS,)),
    "accounts:password-reset-sent": Page((ANONYMOUS,)),
    "accounts:password-reset-confirm": Page(
        (ANONYMOUS,), lambda world, kind: {"key": "no-such-key"}, status=400
    ),
    "accounts:password-change": Page((LEARNER,)),
    # issue 18: the learner has a completed interview (profile page with its edit form), the
    # mentor one in progress (the conversation with its answer form); staff has none (the start).
    "accounts:interview": Page(SIGNED_IN),
    "accounts:ai-profile": Page(SIGNED_IN),
    # accounts: resumes and the portfolio (issue 18)
    "accounts:resumes": Page(SIGNED_IN),
    "accounts:portfolio-edit": Page(SIGNED_IN),
    "accounts:portfolio-share": Page(SIGNED_IN),
    "accounts:portfolio-public": Page(EVERYONE, lambda world, kind: {"slug": world.portfolio.custom_url}),
    # messaging
    "messaging:inbox": Page(SIGNED_IN),
    "messaging:thread": Page(
        (LEARNER, MENTOR),
        lambda world, kind: {"user_id": (world.mentor.user if kind == LEARNER else world.learner).pk},
    ),
    "messaging:message-edit": Page((LEARNER,), lambda world, kind: {"message_id": world.message.pk}),
    "messaging:notifications": Page(SIGNED_IN),
    "messaging:notification-settings": Page((LEARNER,)),
    # mentors
    "mentors:directory": Page(EVERYONE),
    "mentors:recommended": Page((LEARNER,)),
    "mentors:favorites": Page((LEARNER,)),
    "mentors:me": Page((MENTOR,)),
    "mentors:availability": Page((MENTOR,)),
    "mentors:calendars": Page((MENTOR,)),
    "mentors:apply": Page(
        (LEARNER,),
        lambda world, kind: [{"step": step} for step in ("basics", "topics", "availability", "review")],
    ),
    "mentors:profile": Page(EVERYONE, lambda world, kind: {"mentor_id": world.mentor.pk}),
    # payments
    "payments:history": Page((LEARNER, MENTOR)),
    "payments:checkout": Page((LEARNER,), lambda world, kind: {"payment_id": world.unpaid_payment.pk}),
    "payments:receipt": Page((LEARNER,), lambda world, kind: {"payment_id": world.paid_payment.pk}),
    "payments:wallet": Page((LEARNER,)),
    "payments:packages": Page(EVERYONE),
    "payments:mentor-packages": Page((MENTOR,)),
    "payments:package-edit": Page((MENTOR,), lambda world, kind: {"package_id": world.package.pk}),
    "payments:earnings": Page((MENTOR,)),
    # bookings
    "bookings:list": Page((LEARNER, MENTOR)),
    "bookings:new": Page((LEARNER,), query="slot={slot}"),
    "bookings:requests": Page((MENTOR,)),
    "bookings:detail": Page((LEARNER, MENTOR), _booking),
    "bookings:cancel": Page((LEARNER,), _booking),
    "bookings:reschedule": Page((LEARNER,), _booking),
    "bookings:waitlist": Page((LEARNER,)),
    "bookings:waitlist-join": Page((LEARNER,), lambda world, kind: {"mentor_id": world.mentor.pk}),
    "bookings:offer": Page((LEARNER,), lambda world, kind: {"offer_id": world.offer.pk}),
    # learning
    # community: events
    "community:events": Page(EVERYONE),
    "community:event": Page(EVERYONE, lambda world, kind: {"event_id": world.event.pk}),
    # with the mentor's group preselected (?group=), as the group page links it
    "community:event-new": Page((MENTOR, STAFF), query="group={group.pk}"),
    "learning:catalogue": Page(EVERYONE),
    "learning:opportunity": Page(EVERYONE, lambda world, kind: {"opportunity_id": world.course.pk}),
    "learning:lesson": Page(
        (LEARNER,),
        lambda world, kind: {"opportunity_id": world.course.pk, "lesson_id": world.course.lessons.first().pk},
    ),
    "learning:my-learning": Page(SIGNED_IN),
    "learning:paths": Page(SIGNED_IN),
    "learning:path": Page((LEARNER,), lambda world, kind: {"path_id": world.path.pk}),
    "learning:author-list": Page((MENTOR,)),
    "learning:author-new": Page((MENTOR,)),
    "learning:author-edit": Page((MENTOR,), lambda world, kind: {"opportunity_id": world.course.pk}),
    "learning:achievements": Page(SIGNED_IN),
    "learning:certificates": Page(SIGNED_IN),
    "learning:certificate-verify": Page(EVERYONE),
    # assistant: the learner has an agent waiting for a yes or no (the full page with its two
    # buttons); the mentor and staff have none (the page that offers one)
    "assistant:page": Page(SIGNED_IN),
    # analytics: your progress (everyone signed in), your statistics as a mentor (approved mentors)
    "analytics:progress": Page(SIGNED_IN),
    "analytics:mentor-stats": Page((MENTOR,)),
    "learning:certificate-verify-code": Page(
        (ANONYMOUS, LEARNER),
        lambda world, kind: {"code": world.certificate.verification_code},
    ),
    # community: groups, posts and moderation
    "community:directory": Page(EVERYONE),
    "community:group-new": Page((MENTOR, STAFF)),
    "community:group": Page(
        EVERYONE,
        lambda world, kind: [{"group_id": world.group.pk}, {"group_id": world.private_group.pk}],
    ),
    "community:members": Page(SIGNED_IN, lambda world, kind: {"group_id": world.group.pk}),
    "community:post-new": Page((LEARNER, MENTOR), lambda world, kind: {"group_id": world.group.pk}),
    "community:post": Page(EVERYONE, lambda world, kind: {"post_id": world.post.pk}),
    "community:post-edit": Page((LEARNER,), lambda world, kind: {"post_id": world.post.pk}),
    "community:moderation": Page(SIGNED_IN),
}

EXCLUDED: dict[str, str] = {
    "health": "JSON for monitors, not a page",
    "google_login": "redirects to Google (POST from the log-in page's button)",
    "google_callback": "OAuth callback: answers the provider's redirect",
    "apple_login": "redirects to Apple (POST from the log-in page's button)",
    "apple_callback": "OAuth callback: answers the provider's redirect",
    "apple_finish_callback": "OAuth callback: answers the provider's redirect",
    "openid_connect_login": "redirects to the OpenID provider (POST from the log-in page's button)",
    "openid_connect_callback": "OAuth callback: answers the provider's redirect",
    "payments:receipt-pdf": "a PDF download",
    "community:event-ics": "an iCalendar download",
    "accounts:resume-pdf": "a PDF download",
    "payments:checkout-return": "redirects to the paid-for page after the gateway's return",
    "payments:offline-authenticate": "the offline gateway's stand-in for a bank's 3-D Secure page",
    "payments:offline-onboarding": "the offline gateway's stand-in for Stripe's hosted onboarding",
    "bookings:ics": "an .ics download",
    "bookings:calendar-feed": "an .ics calendar feed",
    "learning:achievement-icon": "a PNG image",
    "analytics:mentor-chart": "an SVG chart image (its page, analytics:mentor-stats, is checked)",
    "analytics:staff-chart": "an SVG chart image of the admin index (checked there)",
    "learning:award-credential": "an Open Badges credential (JSON download)",
    "learning:award-badge": "a PNG badge with the credential baked in",
    "learning:certificate-image": "a PNG image",
    "learning:certificate-pdf": "a PDF download",
    "learning:certificate-credential": "an Open Badges credential (JSON download)",
    "learning:certificate-badge": "a PNG badge with the credential baked in",
    "learning:credential-issuer": "the issuer's JSON profile, for credential verifiers",
    "learning:credential-jwks": "the platform's public keys (JSON), for credential verifiers",
    "community:post-card": "an HTML fragment (one post) that static/js/community.js inserts live",
    "community:comment-fragment": "an HTML fragment (one comment) that static/js/community.js inserts live",
}


def _allowed_methods(view) -> list[str] | None:
    """The methods a require_http_methods decorator (require_POST, require_GET...) lets through,
    read from its closure; None when the view declares none (it answers GET)."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return list(value)
        view = getattr(view, "__wrapped__", None)
    return None


def page_routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(URL name, route) of every route outside /api/ and the admin whose view answers GET."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(NOT_PAGES):
            continue
        if isinstance(entry, URLResolver):
            yield from page_routes(
                entry.url_patterns, route, namespace + (f"{entry.namespace}:" if entry.namespace else "")
            )
        elif isinstance(entry, URLPattern):
            methods = _allowed_methods(entry.callback)
            if methods is None or "GET" in methods:
                yield namespace + (entry.name or route), route


def _interviews(learner, mentor_user) -> None:
    from accounts.profiling import services as profiling

    done = profiling.session_start(user=learner).session
    for step, text in enumerate(
        [
            "I love sketching app screens in Figma.",
            "I know the basics.",
            "Become a UX designer.",
            "Weekends only.",
        ],
        start=1,
    ):
        profiling.answer_submit(
            user=learner, session_id=done.pk, step=step, answer_type="text", answer_text=text
        )
    profiling.session_complete(user=learner, session_id=done.pk)
    going = profiling.session_start(user=mentor_user).session
    profiling.answer_submit(
        user=mentor_user,
        session_id=going.pk,
        step=1,
        answer_type="text",
        answer_text="I love teaching design.",
    )


def build_world() -> SimpleNamespace:
    """The objects the pages show: a mentor with hours, services and a package; a learner with a
    paid booking, an unpaid one, a message thread, a notification, a waitlist offer; staff; and a
    mentor application waiting for staff (for the admin)."""
    from bookings.models import BookingStatus
    from messaging.services.messages import message_send
    from messaging.services.notifications import notify
    from tests.bookings.factories import (
        BookingFactory,
        WaitlistEntryFactory,
        WaitlistOfferFactory,
        bookable_mentor,
        booked,
        card_payment_of,
        slot_id_for,
    )
    from tests.conftest import ensure_taxonomy
    from tests.factories import UserFactory
    from tests.mentors.factories import CalendarFeedFactory, ServiceFactory, pending_mentor
    from tests.payments.factories import PackageFactory

    ensure_taxonomy()
    tomorrow = (timezone.now() + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    mentor = bookable_mentor(title="UX Designer", user__full_name="Dana Design")
    ServiceFactory(mentor=mentor)
    learner = UserFactory(full_name="Lin Learner", timezone="UTC")
    staff = UserFactory(full_name="Sam Staff", is_staff=True, is_superuser=True)
    paid = booked(learner, mentor, tomorrow + timedelta(days=1, hours=10))
    unpaid = booked(learner, mentor, tomorrow + timedelta(days=1, hours=12), pay_now=False)
    BookingFactory(
        mentor=mentor,
        learner=learner,
        status=BookingStatus.COMPLETED,
        start_at=tomorrow - timedelta(days=3, hours=-10),
    )
    message = message_send(
        sender=learner, recipient_id=mentor.user.pk, text="Hello Dana, can we talk about my portfolio?"
    )
    message_send(sender=mentor.user, recipient_id=learner.pk, text="Of course, Lin.")
    notify(user=learner, type="booking_confirmed", title="Your session is confirmed", action_url="/bookings/")
    entry = WaitlistEntryFactory(learner=learner, mentor=mentor, start_date=tomorrow.date())
    offer = WaitlistOfferFactory(
        entry=entry,
        status="open",
        start_at=tomorrow + timedelta(days=2, hours=15),
        end_at=tomorrow + timedelta(days=2, hours=16),
        expires_at=timezone.now() + timedelta(hours=2),
    )
    CalendarFeedFactory(mentor=mentor)
    pending = pending_mentor(title="Data Scientist", user__full_name="Pat Pending")
    # learning: a course of the mentor's the learner is enrolled in, a path, a certificate
    from learning.services import paths
    from learning.services.certificates import certificate_issue
    from learning.services.enrollment import enrollment_create
    from tests.learning.factories import a_subcategory, opportunity
    from tests.learning.rewards_factories import completed_enrollment, ensure_achievements

    ensure_achievements()
    course = opportunity(lessons=2, mentor=mentor, description="## About\nWhat you will learn.")
    enrollment_create(user=learner, opportunity_id=course.pk)
    learning_path = paths.path_create(user=learner, subcategory_id=a_subcategory().pk)
    certificate = certificate_issue(enrollment=completed_enrollment(learner, title="Accessible forms"))
    # community: the mentor's public group the learner posts in (with a thread and a report in
    # the moderation queue), and a private group the learner asked to join
    from community.services import groups as group_services
    from community.services import moderation
    from community.services import posts as post_services

    group = group_services.group_create(
        user=mentor.user, name="Design critique", description="Show work in progress.", rules="- Be kind."
    )
    group_services.group_join(group_id=group.pk, user=learner)
    post = post_services.post_create(
        group_id=group.pk, user=learner, title="Feedback on my portfolio", body="What do you **think**?"
    )
    top = post_services.comment_create(post_id=post.pk, user=mentor.user, body="Lead with the outcome.")
    post_services.comment_create(post_id=post.pk, user=learner, body="Thanks!", parent_id=top.pk)
    moderation.report_create(user=learner, comment_id=top.pk, reason="off_topic")
    private_group = group_services.group_create(user=mentor.user, name="Review room", visibility="private")
    group_services.group_join(group_id=private_group.pk, user=learner)
    # community: an in-person meetup of the mentor's group the learner is going to
    from community.services.events import rsvp_set
    from tests.community.events_factories import an_event

    event = an_event(is_online=False, host=mentor.user, capacity=20, title="UX meetup in Berlin", group=group)
    rsvp_set(event_id=event.pk, user=learner, status="going")
    from assistant.services.agents import action_log, agent_create

    agent = agent_create(user=learner)
    action_log(
        agent=agent,
        action_type="voice_command",
        details={"transcription": "read my messages", "response_text": "Dana Design wrote: Of course, Lin."},
    )
    agent.pending = {
        "kind": "confirm",
        "question": "Cancel your session with Dana Design? You get your 1 credit back.",
        "action": {"op": "cancel", "booking_id": str(paid.pk)},
    }
    agent.pending_until = timezone.now() + timedelta(days=30)
    agent.save()
    _interviews(learner, mentor.user)
    # accounts: two resume versions and a published portfolio with a project
    from accounts.portfolio.services import ProjectIn, portfolio_put, resume_generate

    resume_generate(user=learner)
    resume_generate(user=learner)
    portfolio = portfolio_put(
        user=learner,
        custom_url="lin-learner",
        bio="Learning accessible design.",
        featured_projects=[ProjectIn(title="Form audit", description="An audit of a sign-up form.")],
    )
    return SimpleNamespace(
        mentor=mentor,
        learner=learner,
        staff=staff,
        booking=paid,
        paid_payment=card_payment_of(paid),
        unpaid_payment=card_payment_of(unpaid),
        message=message,
        offer=offer,
        package=PackageFactory(mentor=mentor),
        pending_mentor=pending,
        slot=slot_id_for(mentor, tomorrow + timedelta(days=1, hours=14)),
        course=course,
        path=learning_path,
        certificate=certificate,
        group=group,
        private_group=private_group,
        post=post,
        event=event,
        portfolio=portfolio,
        users={LEARNER: learner, MENTOR: mentor.user, STAFF: staff},
    )


def urls_for(world: SimpleNamespace, kind: str) -> list[tuple[str, str, int]]:
    """(URL name, path, expected status) of each page `kind` sees, from the route registry."""
    found = []
    for name, page in PAGES.items():
        if kind not in page.users:
            continue
        kwargs = page.kwargs(world, kind)
        for each in kwargs if isinstance(kwargs, list) else [kwargs]:
            url = reverse(name, kwargs=each)
            if page.query:
                url += "?" + page.query.format(**vars(world))
            found.append((name, url, page.status))
    return found


def admin_urls(world: SimpleNamespace) -> list[tuple[str, str, int]]:
    """The admin pages staff use: the index, and for each model of the project's own apps (a new
    app's too; not dj-stripe's or other packages') its list and the change form of its first
    object; and the mentor application waiting for staff."""
    from django.apps import apps
    from django.conf import settings

    found = [("admin:index", reverse("admin:index"), 200)]
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        app_label, model_name = model._meta.app_label, model._meta.model_name
        path = str(apps.get_app_config(app_label).path)
        # The project's own apps: under BASE_DIR but not in an installed package (a checkout's
        # .venv sits under BASE_DIR too).
        if not path.startswith(str(settings.BASE_DIR)) or "site-packages" in path:
            continue
        changelist = f"admin:{app_label}_{model_name}_changelist"
        found.append((changelist, reverse(changelist), 200))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = f"admin:{app_label}_{model_name}_change"
            found.append((change, reverse(change, args=[first.pk]), 200))
    application = "admin:mentors_mentorprofile_change"
    found.append((f"{application} (application)", reverse(application, args=[world.pending_mentor.pk]), 200))
    return found
