"""The Celery app. Tasks stay thin: load by id, call a service (STYLE.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("mentora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
