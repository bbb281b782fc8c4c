"""Running totals kept next to an append-only ledger: a credit wallet's balance (payments) and a
learner's points total (learning). The ledger is the truth (DESIGN.md: a balance is the sum of
its entries), so the repair sets the total to the ledger's sum, under the row lock every spend or
award takes, and records the old and the new value in the audit entry."""

from __future__ import annotations

from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from analytics.integrity.base import Check, Fix
from learning.models import LearnerStanding, PointsEntry
from payments.models import CreditEntry, CreditWallet


def _sum_of(entries, group: str) -> Coalesce:
    """The sum of `entries` (already filtered on OuterRef) as a correlated subquery: one
    statement compares every total with its ledger, through the ledger's index on its owner."""
    total = entries.order_by().values(group).annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total[:1]), Value(0), output_field=IntegerField())


def _wallets_off():
    ledger = _sum_of(CreditEntry.objects.filter(wallet=OuterRef("pk")), "wallet")
    return CreditWallet.objects.annotate(ledger=ledger).exclude(balance=F("ledger"))


def _standings_off():
    ledger = _sum_of(PointsEntry.objects.filter(user=OuterRef("user_id")), "user")
    return LearnerStanding.objects.annotate(ledger=ledger).exclude(total_points=F("ledger"))


def _repair_wallet(pk) -> Fix | None:
    # The wallet's row lock, which every credit movement takes (payments.services.credits).
    wallet = CreditWallet.objects.select_for_update().filter(pk=pk).first()
    if wallet is None:
        return None
    ledger = CreditEntry.objects.filter(wallet=wallet).aggregate(total=Sum("amount"))["total"] or 0
    if ledger == wallet.balance or ledger < 0:
        # A negative sum cannot be a balance (the wallet's CHECK): the ledger itself is
        # wrong there, and only staff can say which line.
        return None
    before = wallet.balance
    CreditWallet.objects.filter(pk=pk).update(balance=ledger)
    return Fix(
        code="wallet_balance_differs",
        target=wallet,
        details={"user_id": wallet.user_id, "balance_before": before, "balance_after": ledger},
    )


def _repair_standing(pk) -> Fix | None:
    # The standing's row lock, which every points award takes (learning.services.points).
    standing = LearnerStanding.objects.select_for_update().filter(pk=pk).first()
    if standing is None:
        return None
    ledger = PointsEntry.objects.filter(user_id=standing.user_id).aggregate(total=Sum("amount"))["total"] or 0
    if ledger == standing.total_points:
        return None
    before = standing.total_points
    LearnerStanding.objects.filter(pk=pk).update(total_points=ledger)
    return Fix(
        code="points_total_differs",
        target=standing,
        details={"user_id": standing.user_id, "total_before": before, "total_after": ledger},
    )


CHECKS = [
    Check(
        code="wallet_balance_differs",
        description="Credit wallets whose balance is not the sum of their ledger (ids are users).",
        rows=_wallets_off,
        repair_one=_repair_wallet,
    ),
    Check(
        code="points_total_differs",
        description="Learners whose points total is not the sum of their points ledger (ids are users).",
        rows=_standings_off,
        repair_one=_repair_standing,
    ),
]
