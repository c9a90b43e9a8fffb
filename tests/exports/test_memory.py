import gc
import tracemalloc

from django.db import reset_queries

from exports import catalogue
from exports.reports import attendee_registrations
from registrations.models import Registration
from tests.factories import BookingFactory, EventFactory, QuestionFactory, SessionFactory

ROWS = 20_000


class _Sink:
    """A file that keeps only how much was written."""

    size = 0

    def write(self, data):
        self.size += len(data)


def _peak(work):
    gc.collect()
    tracemalloc.start()
    try:
        result = work()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_export_streams_20000_registrations_without_holding_them(db):
    event = EventFactory()
    SessionFactory(event=event, selectable=True)
    QuestionFactory(event=event)
    booking = BookingFactory(event=event)
    Registration.objects.bulk_create(
        (
            Registration(
                booking=booking,
                event=event,
                first_name="Förnamn",
                last_name=f"Efternamn {number:05d}",
                email=f"deltagare{number}@kommun.se",
                organisation="Norrbottens kommunförbund",
                dietary_needs="Vegetarisk" if number % 7 == 0 else "",
                reference=f"M{number:08d}",
                manage_token=f"token-{number}",
            )
            for number in range(ROWS)
        ),
        batch_size=2000,
    )
    reset_queries()

    sink = _Sink()
    export_peak, _ = _peak(lambda: catalogue.write("attendees", "csv", event, sink))
    held_peak, held = _peak(lambda: list(attendee_registrations(event)))

    assert len(held) == ROWS
    assert sink.size > ROWS * 60
    # Streaming holds one chunk (2,000 rows) at a time; all 20,000 rows at once, even as
    # plain dicts, take several times more.
    assert export_peak < held_peak / 3
