"""Demo events for `manage.py seed_demo`: upcoming online and in-person events in several cities
(each in-person one's time zone comes from its coordinates), one nearly full (a single place
left, with people going), and the paid "Portfolio review workshop" of learning's demo as an
event joined by enrolling. Everything goes through community.services.events, as hosts and
learners would do it. Safe to run again: an event with the same title is kept."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from community.models.events import Event
from community.services import events as services
from core.errors import DomainError
from learning.models import Opportunity
from mentors.demo import _email as mentor_email
from mentors.models import Category

# title, type, host (a demo mentor), days ahead, hour (UTC), hours long, capacity, category,
# place: None for online, else (venue, address, city, country, lat, lng)
EVENTS = [
    ("Python meetup Berlin", "meetup", "Priya Nair", 6, 17, 3, 60, "Tech & Digital Innovation",
     ("Impact Hub Berlin", "Rudi-Dutschke-Straße 23", "Berlin", "DE", 52.5069, 13.3906)),
    ("UX coffee morning Lisbon", "meetup", "Dana Fischer", 9, 9, 2, 12, "Tech & Digital Innovation",
     ("Café Tati", "Rua Ribeira Nova 36", "Lisbon", "PT", 38.7071, -9.1450)),
    ("Founders' breakfast Nairobi", "meetup", "Aisha Mwangi", 12, 5, 2, 25, "Business & Entrepreneurship",
     ("iHub", "Senteu Plaza, Galana Road", "Nairobi", "KE", -1.2921, 36.7856)),
    ("Accessibility testing lab New York", "workshop", "Nadia Haddad", 15, 22, 3, 20,
     "Accessibility & Inclusion", ("Civic Hall", "124 E 14th St", "New York", "US", 40.7342, -73.9893)),
    ("Interview practice night Tokyo", "meetup", "Yuki Tanaka", 8, 10, 2, 30, "Career Development",
     ("WeWork Shibuya", "Shibuya Scramble Square", "Tokyo", "JP", 35.6580, 139.7016)),
    ("Ask a data scientist (webinar)", "webinar", "Kenji Watanabe", 4, 15, 1, 500,
     "Tech & Digital Innovation", None),
    ("Growth marketing office hours", "webinar", "Sofia Martins", 10, 16, 1, None,
     "Marketing & Communications", None),
]  # fmt: skip
NEARLY_FULL = "UX coffee morning Lisbon"
PAID_WORKSHOP = "Portfolio review workshop"


def _host(name: str) -> User | None:
    return (
        User.objects.filter(email=mentor_email(name)).first()
        or User.objects.filter(is_staff=True).order_by("date_joined").first()
    )


def _category(name: str) -> Category | None:
    return Category.objects.filter(parent__isnull=True, name=name).first()


def seed(stdout) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    made = 0
    for title, kind, host_name, days, hour, hours, capacity, category, place in EVENTS:
        host = _host(host_name)
        if host is None or Event.objects.filter(title=title).exists():
            continue
        starts = (now + timedelta(days=days)).replace(hour=hour)
        data = {
            "type": kind,
            "title": title,
            "description": f"**{title}**: meet people on the same path, share what you are working on "
            "and leave with one next step.\n\n- Short talks\n- Questions\n- Time to talk",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=hours),
            "capacity": capacity,
            "category_id": getattr(_category(category), "pk", None),
        }
        if place is None:
            data.update(is_online=True, online_url=f"https://meet.jit.si/mentora-demo-{slugify(title)}")
        else:
            venue, address, city, country, lat, lng = place
            data.update(
                is_online=False,
                venue=venue,
                address=address,
                city=city,
                country=country,
                latitude=lat,
                longitude=lng,
            )
        try:
            event = services.event_create(user=host, data=data)
        except DomainError as error:
            stdout.write(f"  event {title!r} skipped: {error.message}")
            continue
        made += 1
        if title == NEARLY_FULL:
            _fill(event, leave=1)
    made += _paid_workshop(now)
    stdout.write(f"community events: {made} new")


def _fill(event: Event, *, leave: int) -> None:
    """People going until `leave` places are left (demo learners made for it)."""
    for number in range(event.capacity - leave):
        user, _ = User.objects.get_or_create(
            email=f"attendee{number + 1}@community.mentora.local",
            defaults={"full_name": f"Demo Attendee {number + 1}", "is_verified": True},
        )
        services.rsvp_set(event_id=event.pk, user=user, status="going")


def _paid_workshop(now) -> int:
    workshop = (
        Opportunity.objects.filter(title=PAID_WORKSHOP, status="published")
        .select_related("mentor__user")
        .first()
    )
    if workshop is None or Event.objects.filter(opportunity=workshop).exists():
        return 0
    host = workshop.mentor.user if workshop.mentor else _host("Dana Fischer")
    starts = (
        workshop.starts_at if workshop.starts_at and workshop.starts_at > now else now + timedelta(days=14)
    )
    ends = workshop.ends_at if workshop.ends_at and workshop.ends_at > starts else starts + timedelta(hours=2)
    services.event_create(
        user=host,
        data={
            "type": "workshop",
            "title": PAID_WORKSHOP,
            "description": "A paid, live workshop: enroll in it to take part. Bring your UX portfolio.",
            "starts_at": starts,
            "ends_at": ends,
            "is_online": True,
            "online_url": "https://meet.jit.si/mentora-demo-portfolio-review",
            "opportunity_id": workshop.pk,
            "category_id": workshop.category_id,
        },
    )
    return 1
