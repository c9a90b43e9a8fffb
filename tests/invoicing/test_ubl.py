"""Real invoices and credit notes, checked with the official Peppol BIS Billing 3.0
and EN 16931 rules (../shared/peppol), Swedish rules SE-R-001…013 included."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from invoicing import services, ubl
from registrations.services import cancel_registration
from tests.factories import PriceOptionFactory

from .conftest import TODAY, book

pytestmark = pytest.mark.django_db
NS = {"cbc": ubl.CBC, "cac": ubl.CAC}


def valid(peppol, invoice):
    xml = ubl.document(invoice)
    fatal, warnings = peppol(xml)
    assert (fatal, warnings) == ([], [])
    return ET.fromstring(xml)  # noqa: S314 (our own document)


def texts(root, path):
    return [element.text for element in root.findall(path, NS)]


def test_invoice_for_one_participant_passes_peppol_validation(peppol, paid_event):
    invoice = services.issue_invoice(booking=book(paid_event), today=TODAY)

    root = valid(peppol, invoice)

    assert texts(root, "cbc:ID") == ["1"]
    assert texts(root, "cbc:BuyerReference") == ["KA123"]
    assert texts(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["3125.00"]
    assert texts(root, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == ["2120000514"]
    assert texts(root, ".//cac:PartyTaxScheme/cbc:CompanyID") == [
        "SE212000014201",
        "Godkänd för F-skatt",
    ]
    assert texts(root, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == ["50501055"]


def test_group_with_mixed_options_and_vat_rates_passes(peppol, paid_event):
    dinner = PriceOptionFactory(
        event=paid_event, name="Middag", amount=Decimal("333.33"), vat_rate="12"
    )
    online = PriceOptionFactory(
        event=paid_event, name="Digitalt", amount=Decimal("999.99"), vat_rate="6"
    )
    booking = book(
        paid_event,
        ("Anna", "Berg", None),
        ("Bo", "Ek", dinner),
        ("Cia", "Ås", dinner),
        ("Dan", "Öst", online),
    )
    invoice = services.issue_invoice(booking=booking, today=TODAY)

    root = valid(peppol, invoice)

    assert texts(root, "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount") == ["625.00", "80.00", "60.00"]
    assert texts(root, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount") == ["4931.65"]
    assert len(root.findall("cac:InvoiceLine", NS)) == 4


def test_exempt_line_carries_its_exemption_reason(peppol, paid_event):
    exempt = PriceOptionFactory(
        event=paid_event,
        name="Studiedag",
        amount=1000,
        vat_rate="0",
        vat_exemption_reason="Undantag från skatteplikt, 3 kap. 8 § mervärdesskattelagen",
    )
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", exempt))

    root = valid(peppol, services.issue_invoice(booking=booking, today=TODAY))

    assert texts(root, ".//cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == ["S", "E"]
    assert texts(root, ".//cac:TaxCategory/cbc:TaxExemptionReason") == [
        "Undantag från skatteplikt, 3 kap. 8 § mervärdesskattelagen"
    ]


def test_buyer_with_a_gln_is_addressed_with_scheme_0088(peppol, paid_event):
    booking = book(paid_event, invoice_peppol_id="7350000000009")
    invoice = services.issue_invoice(booking=booking, today=TODAY)

    root = valid(peppol, invoice)

    endpoint = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert (endpoint.get("schemeID"), endpoint.text) == ("0088", "7350000000009")


def test_buyer_with_an_organisation_number_is_addressed_with_scheme_0007(peppol, paid_event):
    booking = book(paid_event, invoice_peppol_id="0007:2120000514")

    root = valid(peppol, services.issue_invoice(booking=booking, today=TODAY))

    endpoint = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert (endpoint.get("schemeID"), endpoint.text) == ("0007", "2120000514")


def test_credit_note_after_a_cancellation_passes_and_references_the_invoice(peppol, paid_event):
    booking = book(paid_event, ("Anna", "Berg", None), ("Bo", "Ek", None))
    invoice = services.issue_invoice(booking=booking, today=TODAY)
    cancel_registration(registration=booking.registrations.get(first_name="Bo"), by_organiser=True)
    note, again = invoice.__class__.objects.exclude(pk=invoice.pk).order_by("sequence")

    credit = valid(peppol, note)
    valid(peppol, again)

    assert credit.tag == f"{{{ubl.ROOT['credit_note']}}}CreditNote"
    assert texts(credit, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == ["1"]
    assert texts(credit, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["6250.00"]


def test_split_address_finds_the_postal_code_and_town():
    assert ubl.split_address("Socialförvaltningen\nBox 1\n590 40 Kisa") == (
        "Socialförvaltningen",
        "Box 1",
        "59040",
        "Kisa",
    )
    assert ubl.split_address("Box 1, 590 40 Kisa") == ("Box 1", "", "59040", "Kisa")


def test_order_number_given_at_signup_is_the_order_reference(peppol, paid_event):
    booking = book(paid_event, invoice_order_number="4500012345")

    root = valid(peppol, services.issue_invoice(booking=booking, today=TODAY))

    assert texts(root, "cac:OrderReference/cbc:ID") == ["4500012345"]
