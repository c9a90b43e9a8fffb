"""Background tasks of registrations (run by the worker, see README)."""

from django_tasks import task

from . import messages


@task()
def send_scheduled_message(message_id: int) -> bool:
    """Send a scheduled organiser message at its time (if still scheduled)."""
    return messages.send_scheduled(message_id=message_id)
