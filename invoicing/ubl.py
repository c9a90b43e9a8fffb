"""Invoices and credit notes as Peppol BIS Billing 3.0 documents (UBL 2.1).

What a Swedish public-sector buyer's access point receives: the seller with its
VAT number, organisation number and "Godkänd för F-skatt" (SE-R-001…013), the
buyer's Peppol address, a line per participant, VAT per rate category (S, or E
with the exemption reason) and the totals, rounded as EN 16931 requires.
"""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import timezone

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOT = {
    "invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "credit_note": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CURRENCY = "SEK"
F_TAX = "Godkänd för F-skatt"
_POSTAL = re.compile(r"^(?:SE-?)?(\d{3}\s?\d{2})\s+(.+)$")

ET.register_namespace("cac", CAC)
ET.register_namespace("cbc", CBC)


def document(invoice):
    """The UBL XML of ``invoice`` (an Invoice or a credit note) as UTF-8 bytes."""
    credit = invoice.is_credit_note
    root = ET.Element(f"{{{ROOT[invoice.kind]}}}{'CreditNote' if credit else 'Invoice'}")
    totals = invoice.totals
    _text(root, "CustomizationID", CUSTOMIZATION)
    _text(root, "ProfileID", PROFILE)
    _text(root, "ID", invoice.number)
    _text(root, "IssueDate", invoice.issue_date.isoformat())
    if not credit:
        _text(root, "DueDate", invoice.due_date.isoformat())
    _text(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    _text(root, "Note", _note(invoice))
    _text(root, "DocumentCurrencyCode", CURRENCY)
    _text(root, "BuyerReference", invoice.buyer_reference)
    if invoice.order_reference:
        _text(_cac(root, "OrderReference"), "ID", invoice.order_reference)
    if credit:
        original = invoice.credited_invoice
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _text(reference, "ID", original.number)
        _text(reference, "IssueDate", original.issue_date.isoformat())
    _seller(root, invoice.seller)
    _buyer(root, invoice)
    delivery = _cac(root, "Delivery")
    _text(delivery, "ActualDeliveryDate", timezone.localdate(invoice.event.starts_at).isoformat())
    if not credit:
        _payment_means(root, invoice)
    terms = _cac(root, "PaymentTerms")
    _text(terms, "Note", f"{invoice.seller['payment_terms_days']} dagar netto")
    _tax_total(root, totals)
    monetary = _cac(root, "LegalMonetaryTotal")
    for name, amount in (
        ("LineExtensionAmount", totals.net),
        ("TaxExclusiveAmount", totals.net),
        ("TaxInclusiveAmount", totals.total),
        ("PayableAmount", totals.total),
    ):
        _amount(monetary, name, amount)
    for line in invoice.lines.all():
        _line(root, line, credit)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _note(invoice):
    text = f"{invoice.event.title}, bokning {invoice.booking_reference}"
    if invoice.reason:
        text = f"{text}. {invoice.reason}"
    return text


def _seller(root, seller):
    party = _cac(_cac(root, "AccountingSupplierParty"), "Party")
    scheme, identifier = seller["endpoint"]
    _text(party, "EndpointID", identifier, schemeID=scheme)
    _text(_cac(party, "PartyName"), "Name", seller["legal_name"])
    address = _cac(party, "PostalAddress")
    _text(address, "StreetName", seller["street_address"])
    _text(address, "CityName", seller["city"])
    _text(address, "PostalZone", seller["postal_code"].replace(" ", ""))
    _text(_cac(address, "Country"), "IdentificationCode", "SE")
    vat = _cac(party, "PartyTaxScheme")
    _text(vat, "CompanyID", seller["vat_number"].replace(" ", "").upper())
    _text(_cac(vat, "TaxScheme"), "ID", "VAT")
    if seller["f_tax"]:
        tax = _cac(party, "PartyTaxScheme")
        _text(tax, "CompanyID", F_TAX)
        _text(_cac(tax, "TaxScheme"), "ID", "TAX")
    legal = _cac(party, "PartyLegalEntity")
    _text(legal, "RegistrationName", seller["legal_name"])
    _text(legal, "CompanyID", _digits(seller["organisation_number"]))
    if seller.get("email") or seller.get("phone"):
        contact = _cac(party, "Contact")
        if seller.get("phone"):
            _text(contact, "Telephone", seller["phone"])
        if seller.get("email"):
            _text(contact, "ElectronicMail", seller["email"])


def _buyer(root, invoice):
    party = _cac(_cac(root, "AccountingCustomerParty"), "Party")
    scheme, identifier = invoice.buyer_endpoint
    _text(party, "EndpointID", identifier, schemeID=scheme)
    _text(_cac(party, "PartyName"), "Name", invoice.buyer_name)
    street, extra, postal_code, city = split_address(invoice.buyer_address)
    address = _cac(party, "PostalAddress")
    if street:
        _text(address, "StreetName", street)
    if extra:
        _text(address, "AdditionalStreetName", extra)
    if city:
        _text(address, "CityName", city)
    if postal_code:
        _text(address, "PostalZone", postal_code)
    _text(_cac(address, "Country"), "IdentificationCode", "SE")
    legal = _cac(party, "PartyLegalEntity")
    _text(legal, "RegistrationName", invoice.buyer_name)
    _text(legal, "CompanyID", _digits(invoice.buyer_organisation_number), schemeID="0007")


def split_address(text):
    """``(street, more, postal code, city)`` of an address typed on lines or with commas."""
    parts = [p.strip() for p in re.split(r"[\n,]", text or "") if p.strip()]
    postal_code = city = ""
    for index in range(len(parts) - 1, -1, -1):
        match = _POSTAL.match(parts[index])
        if match:
            postal_code, city = match.group(1).replace(" ", ""), match.group(2)
            del parts[index]
            break
    street = parts[0] if parts else ""
    return street, ", ".join(parts[1:]), postal_code, city


def _payment_means(root, invoice):
    seller = invoice.seller
    means = _cac(root, "PaymentMeans")
    if seller.get("bankgiro") or seller.get("plusgiro"):
        _text(means, "PaymentMeansCode", "30")
        _text(means, "PaymentID", invoice.number)
        account = _cac(means, "PayeeFinancialAccount")
        giro = "BANKGIRO" if seller.get("bankgiro") else "PLUSGIRO"
        _text(account, "ID", _digits(seller.get("bankgiro") or seller.get("plusgiro")))
        _text(_cac(account, "FinancialInstitutionBranch"), "ID", f"SE:{giro}")
    else:
        _text(means, "PaymentMeansCode", "58")
        _text(means, "PaymentID", invoice.number)
        account = _cac(means, "PayeeFinancialAccount")
        _text(account, "ID", seller["iban"].replace(" ", "").upper())
        if seller.get("bic"):
            _text(_cac(account, "FinancialInstitutionBranch"), "ID", seller["bic"])


def _tax_total(root, totals):
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", totals.vat)
    for group in totals.groups:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", group.net)
        _amount(subtotal, "TaxAmount", group.vat)
        _category(subtotal, "TaxCategory", group.rate, group.exemption_reason)


def _category(parent, name, rate, exemption_reason=None):
    category = _cac(parent, name)
    exempt = Decimal(rate) == 0
    _text(category, "ID", "E" if exempt else "S")
    _text(category, "Percent", str(Decimal(rate).normalize()))
    if exempt and exemption_reason is not None:
        _text(category, "TaxExemptionReason", exemption_reason)
    _text(_cac(category, "TaxScheme"), "ID", "VAT")


def _line(root, line, credit):
    element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _text(element, "ID", str(line.position))
    _text(element, "Note", line.participant)
    _text(element, "CreditedQuantity" if credit else "InvoicedQuantity", "1", unitCode="C62")
    _amount(element, "LineExtensionAmount", line.net)
    item = _cac(element, "Item")
    description = line.participant
    if line.day:
        description = f"{description}, {line.day.isoformat()}"
    _text(item, "Description", description)
    _text(item, "Name", line.item)
    _category(item, "ClassifiedTaxCategory", line.vat_rate)
    _amount(_cac(element, "Price"), "PriceAmount", line.net)


def _digits(value):
    return re.sub(r"\D", "", value or "")


def _cac(parent, name):
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _text(parent, name, value, **attributes):
    element = ET.SubElement(parent, f"{{{CBC}}}{name}", attributes)
    element.text = str(value)
    return element


def _amount(parent, name, value):
    return _text(parent, name, f"{Decimal(value):.2f}", currencyID=CURRENCY)
