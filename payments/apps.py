from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from payments import (
            receivers,  # noqa: F401 - connects the signal receivers
            registry,
        )

        registry.register_own_kinds()

        from mentors import extensions
        from payments import selectors
        from payments.api.serializers import PackageOut
        from payments.models import ConnectAccount

        # The public mentor profile lists the mentor's active packages (API.md §2).
        extensions.register_packages(
            lambda mentor: (
                PackageOut(selectors.package_list(mentor_id=mentor.pk).filter(is_active=True), many=True).data
            )
        )
        # GET /mentors/me states whether payouts can reach the mentor (Stripe Connect).
        extensions.register_payouts_enabled(
            lambda mentor: ConnectAccount.objects.filter(mentor=mentor, payouts_enabled=True).exists()
        )

        from accounts import staff_summaries
        from payments.models import CreditWallet

        # GET /staff/users/{id} shows the account's credit balance (accounts cannot import us).
        staff_summaries.register(
            "credit_balance",
            lambda user: (
                CreditWallet.objects.filter(user=user).values_list("balance", flat=True).first() or 0
            ),
        )
