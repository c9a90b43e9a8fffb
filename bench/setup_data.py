"""The bench's own data, beside the demo data of ``load_seeds``.

Run with Anmälan's settings (``DJANGO_SETTINGS_MODULE=bench.settings``):

- ``python -m bench.setup_data rush``: an open event with 50 seats and a waiting list;
- ``python -m bench.setup_data bulk 100000``: an event with that many confirmed
  registrations (bulk-created, four participants per booking; then ANALYZEd), for
  the exports;
- ``python -m bench.setup_data inspect EVENT SIGNUP``: query counts, sizes and
  render times of the pages measured, for the findings.

Each prints one JSON line.
"""

import json
import sys
import time
from datetime import timedelta
from statistics import median

import django

RUSH_SLUG = "bench-rusning"
EXPORT_SLUG = "bench-export"
FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Lena", "Per"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson"]
ORGANISATIONS = [
    ("Luleå kommun", "2580"),
    ("Umeå kommun", "2480"),
    ("Kinda kommun", "0513"),
    ("Region Norrbotten", "25"),
    ("Piteå kommun", "2581"),
]


def _new_event(slug, title, *, capacity, days_ahead):
    from django.utils import timezone

    from events.models import Event

    template = Event.objects.get(slug="aktuell-socialpolitik-2027")
    now = timezone.now().replace(microsecond=0)
    starts = now + timedelta(days=days_ahead)
    Event.objects.filter(slug=slug).delete()
    return Event.objects.create(
        organiser=template.organiser,
        venue=template.venue,
        title=title,
        slug=slug,
        summary="Bench event.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=7),
        format=Event.Format.ON_SITE,
        status=Event.Status.PUBLISHED,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=starts - timedelta(days=1),
        capacity=capacity,
        waiting_list=True,
        contact_name="Bench",
        contact_email="bench@example.org",
    )


def rush(seats=200):
    event = _new_event(RUSH_SLUG, "Rusningstest", capacity=seats, days_ahead=60)
    return {"slug": event.slug, "capacity": event.capacity}


def bulk(count):
    from events.models import Session
    from registrations.models import Answer, Booking, Question, Registration

    started = time.perf_counter()
    event = _new_event(EXPORT_SLUG, "Exporttest", capacity=None, days_ahead=90)
    certificate = Question.objects.create(
        event=event, text="Vill du ha ett intyg?", kind=Question.Kind.YES_NO, order=1
    )
    topic = Question.objects.create(event=event, text="Vilken fråga vill du ta upp?", order=2)
    workshops = [
        Session.objects.create(
            event=event,
            title=f"Workshop {letter}",
            starts_at=event.starts_at + timedelta(hours=3),
            ends_at=event.starts_at + timedelta(hours=4),
            kind=Session.Kind.WORKSHOP,
            selectable=True,
        )
        for letter in "AB"
    ]
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                event=event,
                reference=_code("B", n),
                contact_name=f"{FIRST_NAMES[n % 10]} Kontakt",
                contact_email=f"kontakt{n}@example.org",
                consent_at=event.registration_opens_at,
            )
            for n in range((count + 3) // 4)
        ],
        batch_size=5000,
    )
    registrations = Registration.objects.bulk_create(
        [_registration(event, bookings[n // 4], n) for n in range(count)], batch_size=5000
    )
    Answer.objects.bulk_create(
        [Answer(registration=r, question=certificate, value="yes") for r in registrations]
        + [
            Answer(registration=r, question=topic, value="Samverkan i glesbygd")
            for r in registrations[::10]
        ],
        batch_size=10000,
    )
    Chosen = Registration.sessions.through
    Chosen.objects.bulk_create(
        [
            Chosen(registration_id=r.pk, session_id=workshops[n % 2].pk)
            for n, r in enumerate(registrations[::3])
        ],
        batch_size=10000,
    )
    _analyse(Booking, Registration, Answer, Chosen)
    return {
        "slug": event.slug,
        "rows": len(registrations),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _analyse(*models):
    """Planner statistics for the bulk-created rows, as autovacuum would soon have
    made them: without, PostgreSQL plans the export for tables of a few rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _code(prefix, number):
    """A unique registration reference: 'R' or 'B' and seven base-32 digits."""
    from registrations.models import REFERENCE_ALPHABET

    digits = ""
    for _ in range(7):
        number, digit = divmod(number, 32)
        digits = REFERENCE_ALPHABET[digit] + digits
    code = prefix + digits
    return f"{code[:4]}-{code[4:]}"


def _registration(event, booking, n):
    from registrations.models import Registration

    organisation, municipality = ORGANISATIONS[n % len(ORGANISATIONS)]
    return Registration(
        booking=booking,
        event=event,
        reference=_code("R", n),
        first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
        last_name=LAST_NAMES[n % len(LAST_NAMES)],
        email=f"deltagare{n}@example.org",
        organisation=organisation,
        municipality_code=municipality,
        role="Socialsekreterare",
        dietary_needs="Vegetarisk" if n % 7 == 0 else "",
        accessibility_needs="Hörslinga" if n % 20 == 0 else "",
        status=Registration.Status.CONFIRMED,
    )


def inspect(event_slug, signup_slug):
    """Queries, size and in-process render time of each measured page (the
    Django test client, no HTTP): what the findings explain the figures with."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    pages = {
        "event_page": reverse("events:event", kwargs={"slug": event_slug}),
        "signup_form": reverse("registrations:signup", kwargs={"slug": signup_slug}),
        "baseline_like_404": "/no-such-page/",
    }
    found = {}
    for name, path in pages.items():
        client.get(path)  # warm: templates compiled, translations loaded
        times = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        found[name] = {
            "path": path,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries.captured_queries),
            "in_process_ms": round(median(times), 2),
        }
    return found


def main(argv):
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    command, *arguments = argv
    if command == "rush":
        result = rush(*(int(seats) for seats in arguments))
    elif command == "bulk":
        result = bulk(int(arguments[0]))
    elif command == "inspect":
        result = inspect(*arguments)
    else:
        sys.exit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
