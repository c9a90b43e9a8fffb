import pytest
from django.core.management import CommandError, call_command

from invoicing import services
from invoicing.models import Invoice
from registrations.services import cancel_registration

from .conftest import TODAY, book

pytestmark = pytest.mark.django_db


def test_export_invoices_writes_one_xml_per_document_and_issues_none(paid_event, tmp_path, capsys):
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", None))
    services.issue_invoice(booking=booking, today=TODAY)
    cancel_registration(registration=booking.registrations.get(first_name="Bo"), by_organiser=True)
    book(paid_event)  # not invoiced: stays so

    call_command("export_invoices", paid_event.slug, "--output", str(tmp_path / "ut"))

    names = sorted(path.name for path in (tmp_path / "ut").iterdir())
    assert names == ["faktura-1.xml", "faktura-3.xml", "kreditfaktura-2.xml"]
    assert capsys.readouterr().out == f"3 files written to {tmp_path / 'ut'}\n"
    assert Invoice.objects.count() == 3


def test_export_invoices_of_an_unknown_event_is_refused(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_invoices", "finns-inte", "--output", str(tmp_path))
