import pytest
from django.core.management import call_command

from demo.invoices import load_demo_invoices
from invoicing import ubl
from invoicing.models import Invoice

pytestmark = pytest.mark.django_db


def test_demo_invoices_paid_events_with_a_credit_note_and_loads_again_unchanged(peppol):
    call_command("load_seeds")

    first = load_demo_invoices()
    again = load_demo_invoices()

    assert first == again
    assert sorted((slug.rsplit("-", 1)[0], count) for slug, count in first.items()) == [
        ("aktuell-socialpolitik", 6),
        ("socialchefsdagarna", 2),
    ]
    assert Invoice.objects.filter(kind="credit_note").count() == 1
    for invoice in Invoice.objects.with_lines():
        fatal, _warnings = peppol(ubl.document(invoice))
        assert (invoice.number, fatal) == (invoice.number, [])
