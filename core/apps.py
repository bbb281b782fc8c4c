from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import log_redaction, signals  # noqa: F401  (signals: the heartbeats of /health)

        log_redaction.install()
