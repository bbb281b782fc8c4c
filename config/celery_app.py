"""The Celery app. Tasks stay thin: load by id, call a service (STYLE.md)."""

import os
from functools import partial

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


class Task(DjangoTask):
    """Celery's Django task: `task.delay_on_commit(...)` queues it once the caller's
    transaction commits (pretix: never inside the transaction)."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        # The change is committed by then: a broker that is down is logged, never the request's
        # error (the beat jobs and retries pick the work up).
        transaction.on_commit(partial(self.delay, *args, **kwargs), robust=True)


app = Celery("mentora", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
