from celery import shared_task


@shared_task
def purge_idempotency_records() -> int:
    """Stored first responses are replayed for a day (IDEMPOTENCY_RETENTION_HOURS), then dropped."""
    from core.idempotency import purge_expired

    return purge_expired()


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Scheduled by beat every HEALTH_HEARTBEAT_INTERVAL seconds; the worker that runs it is
    seen alive (beat marks itself when it publishes it: core.signals). /health reads both."""
    from core.health import heartbeat_record

    heartbeat_record("worker")
