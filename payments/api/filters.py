"""The filters of payments' lists (API.md §4)."""

from __future__ import annotations

import django_filters

from core import filters as f
from payments.models import (
    CreditEntry,
    CreditEntryType,
    Package,
    PackagePurchase,
    PackagePurchaseStatus,
    Payment,
    PaymentStatus,
)


class PaymentFilters(f.ListFilters):
    status = f.ChoiceInFilter(choices=PaymentStatus.choices, help_text="Comma-separated; any of them.")
    # Kinds are registered at run time (payments.registry), so they are not an enum here.
    purpose = f.CharInFilter(
        max_length=200, help_text="Comma-separated: booking, enrollment, package_purchase, credit_purchase."
    )
    start_date = f.DateFilter(help_text="Created on or after this day (UTC).")
    end_date = f.DateFilter(help_text="Created on or before this day (UTC).")

    class Meta:
        model = Payment
        fields: list[str] = []


class CreditEntryFilters(f.ListFilters):
    type = f.ChoiceInFilter(choices=CreditEntryType.choices, help_text="Comma-separated; any of them.")

    class Meta:
        model = CreditEntry
        fields: list[str] = []


class PackageFilters(f.ListFilters):
    mentor_id = django_filters.UUIDFilter()

    class Meta:
        model = Package
        fields: list[str] = []


class PackagePurchaseFilters(f.ListFilters):
    status = f.ChoiceInFilter(
        choices=PackagePurchaseStatus.choices, help_text="Comma-separated; any of them."
    )

    class Meta:
        model = PackagePurchase
        fields: list[str] = []
