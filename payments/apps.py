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
