"""A cancellation after the deadline carries the event's fee, told before, invoiced after."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from exports.reports import invoice_basis
from invoicing import services
from invoicing.models import Invoice
from registrations.exceptions import CancellationDeadlinePassed
from registrations.models import Registration
from registrations.services import cancel_registration
from tests.registrations.signup_post import main_text

from .conftest import TODAY, book

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(paid_event):
    paid_event.cancellation_deadline = timezone.now() - dt.timedelta(days=1)
    paid_event.cancellation_fee = Decimal("2500")
    paid_event.save()
    return paid_event


def test_late_cancellation_is_allowed_with_the_fee_and_stays_invoiced(late):
    booking = book(late, ("Anna", "Berg", None), ("Bo", "Ek", None))
    invoice = services.issue_invoice(booking=booking, today=TODAY)

    cancel_registration(registration=booking.registrations.get(first_name="Bo"))

    bo = Registration.objects.get(first_name="Bo")
    assert (bo.status, bo.cancellation_fee) == ("cancelled", Decimal("2500.00"))
    again = Invoice.objects.exclude(pk=invoice.pk).order_by("-sequence").first()
    assert [(ln.participant, ln.item, ln.net) for ln in again.lines.all()] == [
        ("Anna Berg", "Hela konferensen", Decimal("2500.00")),
        ("Bo Ek", "Avbokningsavgift, Hela konferensen", Decimal("2500.00")),
    ]
    (_organisation, per_booking, _lines) = invoice_basis(late)
    assert list(per_booking.rows)[0][8:12] == [
        2,
        Decimal("5000.00"),
        Decimal("1250.00"),
        Decimal("6250.00"),
    ]


def test_late_cancellation_without_a_fee_is_refused_as_before(paid_event):
    paid_event.cancellation_deadline = timezone.now() - dt.timedelta(days=1)
    paid_event.save()
    booking = book(paid_event)

    with pytest.raises(CancellationDeadlinePassed):
        cancel_registration(registration=booking.registrations.get())


def test_cancel_page_tells_the_fee_before_cancelling(client, late):
    registration = book(late).registrations.get()

    response = client.get(reverse("registrations:cancel", args=[registration.manage_token]))

    assert "Sista avbokningsdag har passerat: att avboka nu kostar 2 500 kr exkl. moms" in (
        main_text(response.content.decode())
    )
