import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from events.formatting import money
from invoicing import pdf, services, ubl
from registrations.services import cancel_registration
from tests.factories import PriceOptionFactory

from .conftest import TODAY, book

pytestmark = pytest.mark.django_db


def pdf_text(data):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def xml_amounts(invoice):
    root = ET.fromstring(ubl.document(invoice))  # noqa: S314 (our own document)
    return {Decimal(e.text) for e in root.iter() if e.get("currencyID")}


def test_invoice_pdf_is_in_swedish_with_every_amount_of_the_xml(paid_event):
    exempt = PriceOptionFactory(
        event=paid_event,
        name="Studiedag",
        amount=Decimal("999.50"),
        vat_rate="0",
        vat_exemption_reason="Utbildning, 3 kap. 8 § ML",
    )
    booking = book(paid_event, ("Åsa", "Sámi-Đuoddar", None), ("Bo", "Ek", exempt))
    invoice = services.issue_invoice(booking=booking, today=TODAY)

    with translation.override("en"):
        text = pdf_text(pdf.document(invoice))

    assert text.startswith("Svensk socialpolitisk förening Faktura 1")
    assert "Åsa Sámi-Đuoddar – Hela konferensen" in text
    assert "Undantaget från moms: Utbildning, 3 kap. 8 § ML" in text
    assert "Godkänd för F-skatt" in text
    with translation.override("sv"):
        for amount in xml_amounts(invoice):
            assert money(amount).replace("\xa0", " ") in text


def test_credit_note_pdf_names_the_invoice_it_credits(paid_event):
    booking = book(paid_event)
    invoice = services.issue_invoice(booking=booking, today=TODAY)
    cancel_registration(registration=booking.registrations.get(), by_organiser=True)
    note = invoice.credit_notes.get()

    text = pdf_text(pdf.document(note))

    assert "Kreditfaktura 2" in text
    assert "Krediterar faktura 1" in text
    assert "Krediterat 3 125 kr" in text
