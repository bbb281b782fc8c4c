"""community's Celery tasks, one module per part (Celery finds this module)."""

from community.tasks_events import send_due_event_reminders

__all__ = ["send_due_event_reminders"]
