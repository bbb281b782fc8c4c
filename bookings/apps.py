from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from bookings import (
            receivers,  # noqa: F401 - connects the signal receivers
            registrations,
        )

        registrations.register_all()
