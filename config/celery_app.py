"""The Celery app. Tasks stay thin: load by id, call a service (STYLE.md).

Delivery is at least once. A task is acknowledged after it ran (CELERY_TASK_ACKS_LATE); on Redis a
task whose worker died unacknowledged goes to another worker after CELERY_VISIBILITY_TIMEOUT
(5 minutes), and a countdown longer than that (a retry's) is handed out again while it waits. So
every task is safe to run twice, each in its own way:
- beat jobs (reminders, expiries, completion, payouts, feeds, waitlists, purges) claim each due
  row under a lock (core claim_due, `skip_locked`) and stamp it in the same transaction; a second
  run finds nothing left to do. Payouts transfer with the payout's id as the gateway's
  idempotency key.
- deliver_notification claims its delivery row with a conditional UPDATE; a claim older than
  CELERY_TASK_TIME_LIMIT belongs to a dead worker and is claimed again (messaging.services).
- refund_booking and refund_duplicate_charge: the refund is reserved once per payment and sent
  with an idempotency key; deliver_offline_event: the webhook handler applies each event id once.
- ensure_room, waitlist_match and the embedding and feed refreshes recompute a state.
- send_verification_email and send_password_reset_email: a worker killed between handing the
  mail to SMTP and the acknowledgement sends a second mail, whose link works like the first.
"""

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
