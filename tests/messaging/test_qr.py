"""The QR code of the registration's reference in the confirmation and promotion e-mails.

segno only writes QR codes, it does not read them: the tests check that the
attached PNG is exactly the one segno makes of the reference, with the
Content-ID the HTML refers to.
"""

import io
import struct

import pytest
import segno
from django.core import mail

from registrations import services
from registrations.models import Registration
from registrations.qr import reference_png
from tests.factories import EventFactory
from tests.messaging.helpers import person, register

pytestmark = pytest.mark.django_db


def _expected_png(reference):
    buffer = io.BytesIO()
    segno.make_qr(reference, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def _images(message):
    return [part for part in message.message().walk() if part.get_content_type() == "image/png"]


def _html(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_qr_confirmation_carries_the_reference_as_an_inline_png(committed):
    event = EventFactory(title="Välfärd för alla")
    booking = register(committed, event, person("Anna", "anna@kinda.se"))
    reference = booking.registrations.get().reference

    confirmation = mail.outbox[0]
    [image] = _images(confirmation)

    assert confirmation.to == ["anna@kinda.se"]
    assert image["Content-ID"] == f"<checkin-{reference}@anmalan>"
    assert image["Content-Disposition"] == (f'inline; filename="incheckning-{reference}.png"')
    assert image.get_payload(decode=True) == _expected_png(reference)
    assert (
        f'<img src="cid:checkin-{reference}@anmalan" width="232" height="232" '
        f'alt="QR-kod för incheckning: {reference}"'
    ) in _html(confirmation)
    assert (
        f"Vid entrén: uppge din referens {reference} (eller visa QR-koden i det här meddelandet).\n"
        in confirmation.body
    )


def test_qr_png_is_a_full_size_qr_code():
    png = reference_png("K7QM-3XPA")

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # 21 modules (version 1; a Micro QR would have 17 or fewer), a quiet zone of 4
    # on each side, 8 pixels a module.
    assert struct.unpack(">II", png[16:24]) == (232, 232)
    assert png == _expected_png("K7QM-3XPA")


def test_qr_online_participant_gets_no_code(committed):
    event = EventFactory(format="online", online_capacity=10, venue=None)

    register(committed, event, person("Bo", "bo@kinda.se", attendance_mode="online"))

    confirmation = mail.outbox[0]
    assert _images(confirmation) == []
    assert "cid:" not in _html(confirmation)
    assert "Vid entrén" not in confirmation.body


def test_qr_waiting_list_notice_has_no_code(committed):
    event = EventFactory(capacity=0)

    register(committed, event, person("Bo", "bo@kinda.se"))

    assert [len(_images(m)) for m in mail.outbox] == [0, 0, 0]


def test_qr_promoted_participant_gets_the_code(committed):
    event = EventFactory(capacity=1)
    first = register(committed, event, person("Anna", "anna@kinda.se")).registrations.get()
    waiting = register(
        committed, event, person("Bo", "bo@kinda.se"), contact_email="bo@kinda.se"
    ).registrations.get()
    assert waiting.status == Registration.Status.WAITLISTED

    committed(services.cancel_registration, registration=first)

    [promoted] = [m for m in mail.outbox if m.to == ["bo@kinda.se"]]
    [image] = _images(promoted)
    assert promoted.subject.startswith("Du har fått en plats")
    assert image["Content-ID"] == f"<checkin-{waiting.reference}@anmalan>"
    assert image.get_payload(decode=True) == _expected_png(waiting.reference)
