"""Models of the payments app, one module per subject; everything is importable from here."""

from payments.models.credits import (
    CreditEntry,
    CreditEntryType,
    CreditPurchase,
    CreditPurchaseStatus,
    CreditWallet,
)
from payments.models.earnings import ConnectAccount, EarningEntry, EarningStatus, Payout, PayoutStatus
from payments.models.offline import (
    OfflineAccount,
    OfflineEvent,
    OfflineIntent,
    OfflineRefund,
    OfflineTransfer,
)
from payments.models.packages import Package, PackagePurchase, PackagePurchaseStatus, PackageSessionUse
from payments.models.payments import (
    LIVE_STATUSES,
    PAID_STATUSES,
    REFUNDABLE_STATUSES,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
    WebhookEvent,
)

__all__ = [
    "LIVE_STATUSES",
    "PAID_STATUSES",
    "REFUNDABLE_STATUSES",
    "ConnectAccount",
    "CreditEntry",
    "CreditEntryType",
    "CreditPurchase",
    "CreditPurchaseStatus",
    "CreditWallet",
    "EarningEntry",
    "EarningStatus",
    "OfflineAccount",
    "OfflineEvent",
    "OfflineIntent",
    "OfflineRefund",
    "OfflineTransfer",
    "Package",
    "PackagePurchase",
    "PackagePurchaseStatus",
    "PackageSessionUse",
    "Payment",
    "PaymentStatus",
    "Payout",
    "PayoutStatus",
    "Refund",
    "RefundStatus",
    "WebhookEvent",
]
