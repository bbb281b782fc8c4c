from __future__ import annotations

from decimal import Decimal

import factory

from payments.models import Package
from tests.mentors.factories import MentorFactory


class PackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Package

    mentor = factory.SubFactory(MentorFactory)
    name = "Five sessions"
    session_count = 5
    price = Decimal("200.00")
    currency = "USD"
    duration_minutes = 60
    validity_days = 90
