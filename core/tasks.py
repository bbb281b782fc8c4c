from celery import shared_task


@shared_task
def purge_idempotency_records() -> int:
    """Stored first responses are replayed for a day (IDEMPOTENCY_RETENTION_HOURS), then dropped."""
    from core.idempotency import purge_expired

    return purge_expired()
