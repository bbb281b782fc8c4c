"""Packages (API.md §4): mentors sell them, learners buy them, sessions are used and expire."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from messaging.models import Notification
from payments import services, tasks
from payments.errors import NoPackageSessionsLeft
from payments.models import EarningEntry, Package, PackagePurchase, Payment
from tests.conftest import client_for
from tests.mentors.factories import MentorFactory
from tests.payments.conftest import pay
from tests.payments.factories import PackageFactory

pytestmark = pytest.mark.django_db

PACKAGES = "/api/v1/packages"


def _bought(learner, package=None) -> PackagePurchase:
    package = package or PackageFactory()
    purchase = services.package_purchase_create(learner=learner, package_id=package.pk)
    payment = services.payment_create(payer=learner, purpose="package_purchase", object_id=str(purchase.pk))
    pay(payment)
    purchase.refresh_from_db()
    return purchase


def test_a_mentor_creates_a_package_priced_per_session():
    mentor = MentorFactory(currency="EUR")

    response = client_for(mentor.user).post(
        PACKAGES,
        {
            "name": "Five sessions",
            "session_count": 5,
            "price": "200.00",
            "duration_minutes": 60,
            "validity_days": 90,
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["mentor_id"] == str(mentor.pk)
    assert body["price_per_session"] == {"amount": "40.00", "currency": "EUR"}
    assert body["is_active"] is True


def test_a_learner_without_an_approved_profile_cannot_create_packages(learner_client):
    response = learner_client.post(
        PACKAGES, {"name": "x", "session_count": 1, "price": "10", "duration_minutes": 60}, format="json"
    )

    assert response.status_code == 403


def test_anyone_sees_active_packages_and_the_owner_also_sees_paused_ones(anon_client):
    mentor = MentorFactory()
    PackageFactory(mentor=mentor, name="On sale")
    PackageFactory(mentor=mentor, name="Paused", is_active=False)

    public = anon_client.get(PACKAGES, {"mentor_id": str(mentor.pk)}).json()
    own = client_for(mentor.user).get(PACKAGES, {"mentor_id": str(mentor.pk)}).json()

    assert [p["name"] for p in public["items"]] == ["On sale"]
    assert sorted(p["name"] for p in own["items"]) == ["On sale", "Paused"]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_package_list_runs_a_constant_number_of_queries(rows, anon_client, django_assert_num_queries):
    for _ in range(rows):
        PackageFactory()
    # 1 count, 2 the page with mentor and user
    with django_assert_num_queries(2):
        response = anon_client.get(PACKAGES, {"limit": 100})
    assert len(response.json()["items"]) == rows


def test_a_mentor_edits_a_package_and_sold_ones_keep_their_terms(learner):
    package = PackageFactory(price=Decimal("200.00"))
    purchase = _bought(learner, package)

    response = client_for(package.mentor.user).patch(
        f"{PACKAGES}/{package.pk}", {"price": "250.00", "is_active": False}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["price"]["amount"] == "250.00"
    assert response.json()["is_active"] is False
    purchase.refresh_from_db()
    assert purchase.price == Decimal("200.00")


def test_another_mentor_cannot_edit_a_package():
    package = PackageFactory()
    other = MentorFactory()

    response = client_for(other.user).patch(f"{PACKAGES}/{package.pk}", {"price": "1.00"}, format="json")

    assert response.status_code == 404
    package.refresh_from_db()
    assert package.price == Decimal("200.00")


def test_buying_a_package_embeds_its_payment_and_paying_activates_it(learner, learner_client):
    package = PackageFactory(validity_days=90)

    response = learner_client.post(f"{PACKAGES}/{package.pk}/purchase")

    assert response.status_code == 201
    body = response.json()
    assert body["package_purchase"]["status"] == "pending_payment"
    assert body["package_purchase"]["sessions_remaining"] == 5
    assert body["payment"]["amount"] == {"amount": "200.00", "currency": "USD"}
    with time_machine.travel("2030-03-01 10:00:00Z", tick=False):
        pay(Payment.objects.get(pk=body["payment"]["id"]))
    purchase = learner_client.get("/api/v1/package-purchases").json()["items"][0]
    assert purchase["status"] == "active"
    assert purchase["expires_at"] == "2030-05-30T10:00:00Z"


@pytest.mark.parametrize("rows", [5, 50])
def test_your_packages_list_runs_a_constant_number_of_queries(
    rows, learner, learner_client, django_assert_num_queries
):
    mentor = MentorFactory()
    for _ in range(rows):
        services.package_purchase_create(learner=learner, package_id=PackageFactory(mentor=mentor).pk)
    # 1 the caller, 2 count, 3 the page with package, mentor and user
    with django_assert_num_queries(3):
        response = learner_client.get("/api/v1/package-purchases", {"limit": 100})
    assert len(response.json()["items"]) == rows


def test_a_mentor_cannot_buy_their_own_package():
    package = PackageFactory()

    response = client_for(package.mentor.user).post(f"{PACKAGES}/{package.pk}/purchase")

    assert response.status_code == 400


def test_using_sessions_counts_down_to_exhausted_and_releases_the_mentor_share(learner):
    package = PackageFactory(session_count=2)
    purchase = _bought(learner, package)
    args = {"purchase_id": purchase.pk, "learner": learner, "mentor": package.mentor, "duration_minutes": 60}

    services.package_session_use(**args, reference="booking-1")
    services.package_session_use(**args, reference="booking-1")  # the same booking again: no change
    services.package_session_use(**args, reference="booking-2")

    purchase.refresh_from_db()
    assert (purchase.sessions_remaining, purchase.status) == (0, "exhausted")
    assert EarningEntry.objects.get(payment__object_id=str(purchase.pk)).status == "available"
    with pytest.raises(NoPackageSessionsLeft):
        services.package_session_use(**args, reference="booking-3")


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"duration_minutes": 30}, "other_duration"), ({"mentor": "other"}, "other_mentor")],
)
def test_a_package_pays_only_for_its_mentor_and_duration(learner, change, reason):
    package = PackageFactory()
    purchase = _bought(learner, package)
    args = {"purchase_id": purchase.pk, "learner": learner, "mentor": package.mentor, "duration_minutes": 60}
    args.update(change)
    if change.get("mentor") == "other":
        args["mentor"] = MentorFactory()

    with pytest.raises(NoPackageSessionsLeft) as error:
        services.package_session_use(**args, reference="b")

    assert error.value.details["reason"] == reason
    assert error.value.status_code == 402


def test_a_refunded_booking_gets_its_package_session_back(learner):
    package = PackageFactory(session_count=1)
    purchase = _bought(learner, package)
    services.package_session_use(
        purchase_id=purchase.pk, learner=learner, mentor=package.mentor, duration_minutes=60, reference="b1"
    )

    services.package_session_restore(purchase_id=purchase.pk, reference="b1")
    services.package_session_restore(purchase_id=purchase.pk, reference="b1")

    purchase.refresh_from_db()
    assert (purchase.sessions_remaining, purchase.status) == (1, "active")


def test_packages_expire_and_learners_hear_seven_days_before(learner):
    with time_machine.travel("2030-01-01 09:00:00Z", tick=False):
        purchase = _bought(learner, PackageFactory(validity_days=30))
    with time_machine.travel("2030-01-20 09:00:00Z", tick=False):
        tasks.expire_package_purchases.delay()
    assert not Notification.objects.filter(type="package_expiring").exists()
    with time_machine.travel("2030-01-25 09:00:00Z", tick=False):
        tasks.expire_package_purchases.delay()
        tasks.expire_package_purchases.delay()
    assert Notification.objects.filter(user=learner, type="package_expiring").count() == 1
    with time_machine.travel("2030-01-31 09:00:01Z", tick=False):
        tasks.expire_package_purchases.delay()

    purchase.refresh_from_db()
    assert purchase.status == "expired"
    assert EarningEntry.objects.get(payment__object_id=str(purchase.pk)).status == "available"
    with pytest.raises(NoPackageSessionsLeft):
        services.package_session_use(
            purchase_id=purchase.pk,
            learner=learner,
            mentor=purchase.mentor,
            duration_minutes=60,
            reference="late",
            now=timezone.now() + timedelta(days=3650),
        )


def test_an_unused_package_can_be_refunded_by_its_learner(learner):
    purchase = _bought(learner)
    payment = Payment.objects.get(object_id=str(purchase.pk))

    response = client_for(learner).post(
        f"/api/v1/payments/{payment.pk}/refund", {"reason": "changed mind"}, format="json"
    )

    assert response.status_code == 201
    purchase.refresh_from_db()
    assert (purchase.status, purchase.sessions_remaining) == ("refunded", 0)


def test_a_used_package_cannot_be_refunded_by_its_learner(learner):
    purchase = _bought(learner)
    services.package_session_use(
        purchase_id=purchase.pk, learner=learner, mentor=purchase.mentor, duration_minutes=60, reference="b"
    )
    payment = Payment.objects.get(object_id=str(purchase.pk))

    response = client_for(learner).post(f"/api/v1/payments/{payment.pk}/refund", {}, format="json")

    assert response.status_code == 409
    assert response.json()["error"] == "REFUND_NOT_ALLOWED"


def test_package_model_price_per_session_rounds_half_up():
    assert Package(price=Decimal("100.00"), session_count=3).price_per_session == Decimal("33.33")
    assert Package(price=Decimal("0.05"), session_count=2).price_per_session == Decimal("0.03")


@pytest.mark.django_db(transaction=True)
def test_two_bookings_racing_for_the_last_package_session_get_one(bookings):

    from tests.concurrency import run_together
    from tests.factories import UserFactory

    learner = UserFactory()
    package = PackageFactory(session_count=1)
    purchase = _bought(learner, package)

    def use(reference):
        try:
            services.package_session_use(
                purchase_id=purchase.pk,
                learner=learner,
                mentor=package.mentor,
                duration_minutes=60,
                reference=reference,
            )
            return "used"
        except NoPackageSessionsLeft as error:
            return f"none left: {error.details.get('reason')}"

    assert (purchase.status, purchase.sessions_remaining) == ("active", 1)
    results = run_together(use, [f"booking-{i}" for i in range(8)])

    assert results.count("used") == 1, results
    assert results.count("none left: no_sessions_left") == 7, results
    purchase.refresh_from_db()
    assert (purchase.sessions_remaining, purchase.status) == (0, "exhausted")


def test_the_public_mentor_profile_lists_the_mentors_active_packages(anon_client):
    from tests.mentors.factories import mentor_with_weekly_hours

    mentor = mentor_with_weekly_hours()
    PackageFactory(mentor=mentor, name="Five sessions", price=Decimal("200.00"), session_count=5)
    PackageFactory(mentor=mentor, name="Retired", is_active=False)
    PackageFactory(name="Someone else's")

    body = anon_client.get(f"/api/v1/mentors/{mentor.pk}").json()

    assert [p["name"] for p in body["packages"]] == ["Five sessions"]
    assert body["packages"][0]["price_per_session"] == {"amount": "40.00", "currency": "USD"}
