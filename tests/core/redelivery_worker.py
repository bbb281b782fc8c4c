"""A real Celery worker for tests/core/test_worker_redelivery.py.

`python -m tests.core.redelivery_worker <name>` runs the project's Celery app on the Redis broker
and key prefix the test passes in the environment, in one process (the solo pool: a SIGKILL of
the worker kills the running task with it, as when a machine or container dies).
"""

from __future__ import annotations

import os
import sys


def main(name: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    from config.celery_app import app

    # The test settings run tasks eagerly on an in-memory broker; this worker is the real thing.
    app.conf.update(
        broker_url=os.environ["CELERY_BROKER_URL"],
        broker_transport_options={
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "global_keyprefix": os.environ["REDELIVERY_PREFIX"],
        },
        task_always_eager=False,
    )
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={name}@%h",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1])
