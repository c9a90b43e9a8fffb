"""The follow-up work in the background (the Django Tasks API, like the e-mail)."""

from django_tasks import task

from events.models import Event

from . import certificates


@task()
def send_event_certificates(event_id: int) -> int:
    """E-mail the certificates of one event that are due (never twice); how many."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return certificates.send_certificates(event)
