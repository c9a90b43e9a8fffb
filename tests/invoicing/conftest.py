import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from invoicing.models import SellerProfile
from tests.factories import BookingFactory, EventFactory, PriceOptionFactory, RegistrationFactory

TODAY = dt.date(2026, 9, 1)


def shared_dir():
    """../shared beside the repository, or $ANMALAN_SHARED_DIR."""
    configured = os.environ.get("ANMALAN_SHARED_DIR")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared"


@pytest.fixture(scope="session")
def peppol():
    """``validate(xml) -> (fatal, warnings)`` of ../shared/peppol; skips where it or
    saxonche is missing, and fails then with PEPPOL_TESTS_REQUIRED=1 (CI)."""
    folder = shared_dir() / "peppol"
    problem = None
    if not (folder / "validate.py").exists():
        problem = f"needs the Peppol validation rules in {folder} (../shared/peppol)"
    else:
        try:
            import saxonche  # noqa: F401
        except ImportError:
            problem = "needs saxonche (pip install -r requirements-dev.txt)"
    if problem:
        if os.environ.get("PEPPOL_TESTS_REQUIRED") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    sys.path.insert(0, str(folder))
    try:
        from validate import validate
    finally:
        sys.path.remove(str(folder))
    return validate


def make_seller(organiser, **fields):
    data = {
        "legal_name": "Svensk socialpolitisk förening",
        "organisation_number": "212000-0142",
        "vat_number": "SE212000014201",
        "street_address": "Storgatan 1",
        "postal_code": "111 22",
        "city": "Stockholm",
        "email": "ekonomi@socialpolitik.se",
        "bankgiro": "5050-1055",
        "payment_terms_days": 30,
        **fields,
    }
    return SellerProfile.objects.create(organiser=organiser, **data)


@pytest.fixture
def paid_event(db):
    event = EventFactory(title="Framtidens socialtjänst", slug="framtidens-socialtjanst")
    make_seller(event.organiser)
    return event


def book(event, *people, option=None, **fields):
    """A booking of ``people`` ((first, last, option) or names) for Kinda kommun."""
    option = option or PriceOptionFactory(event=event, amount=Decimal("2500"))
    data = {
        "invoice_organisation": "Kinda kommun",
        "invoice_organisation_number": "212000-0514",
        "invoice_address": "Box 1\n590 40 Kisa",
        "invoice_reference": "KA123",
        **fields,
    }
    booking = BookingFactory(event=event, price_option=option, **data)
    for person in people or [("Anna", "Berg", None)]:
        first, last, own = person
        RegistrationFactory(
            booking=booking, first_name=first, last_name=last, price_option=own or option
        )
    return booking
