"""Invoicing in the admin: each organiser its own, door staff nothing."""

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.admin import helpers
from django.test import Client
from django.urls import reverse

from events.models import Membership
from invoicing import services
from invoicing.models import Invoice
from tests.factories import EventFactory, MembershipFactory, UserFactory

from .conftest import TODAY, book, make_seller

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:invoicing_invoice_changelist"


def organisation(name, *, invoices=1, buyer="Kinda kommun"):
    event = EventFactory(title=f"Konferens {name}", slug=f"konferens-{name.lower()}")
    make_seller(event.organiser, legal_name=f"Säljare {name}", number_prefix=f"{name}-")
    documents = [
        services.issue_invoice(booking=book(event, invoice_organisation=buyer), today=TODAY)
        for _ in range(invoices)
    ]
    users = {}
    for role in (Membership.Role.ADMIN, Membership.Role.DOOR):
        user = UserFactory(username=f"{name}-{role}")
        user.save()
        MembershipFactory(organiser=event.organiser, user=user, role=role)
        users[role] = user
    return {"event": event, "invoices": documents, **users}


@pytest.fixture
def world(db):
    return {"a": organisation("A"), "b": organisation("B", buyer="Hemlig köpare B")}


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("count", [1, 3])
def test_invoice_list_shows_only_own_documents_in_constant_queries(
    django_assert_num_queries, count
):
    a = organisation("A", invoices=count)
    organisation("B", buyer="Hemlig köpare B")
    client = login(a["admin"])
    client.get(reverse(CHANGELIST))  # sessions and permissions warmed up

    with django_assert_num_queries(10):
        response = client.get(reverse(CHANGELIST))

    html = response.content.decode()
    assert html.count("A-") >= count
    assert "Hemlig köpare B" not in html
    assert "Konferens B" not in html
    assert "3\xa0125\xa0kr" in html


def test_other_organisers_documents_cannot_be_downloaded(world):
    client = login(world["a"]["admin"])
    theirs = world["b"]["invoices"][0]

    for name in ("xml", "pdf"):
        url = reverse(f"admin:invoicing_invoice_{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404
    change = reverse("admin:invoicing_invoice_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # the admin's "not found", to the index


def test_other_organisers_event_cannot_be_invoiced_nor_journalled(world):
    client = login(world["a"]["admin"])
    theirs = world["b"]["event"]

    issue = client.post(reverse("admin:invoicing_invoice_issue"), {"event": theirs.pk})
    journal = client.get(reverse("admin:invoicing_invoice_journal"), {"event": theirs.pk})

    assert (issue.status_code, journal.status_code) == (403, 403)


@pytest.mark.parametrize(
    "name",
    [
        "invoicing_invoice_changelist",
        "invoicing_invoice_issue",
        "invoicing_invoice_journal",
        "invoicing_sellerprofile_changelist",
    ],
)
def test_door_staff_see_none_of_it(world, name):
    client = login(world["a"][Membership.Role.DOOR])

    assert client.get(reverse(f"admin:{name}")).status_code == 403


def test_door_staff_cannot_download_their_organisers_invoice(world):
    client = login(world["a"][Membership.Role.DOOR])
    own = world["a"]["invoices"][0]

    assert client.get(reverse("admin:invoicing_invoice_xml", args=[own.pk])).status_code == 404


def test_issue_page_issues_the_events_invoices(world):
    event = world["a"]["event"]
    book(event)
    client = login(world["a"]["admin"])

    response = client.post(reverse("admin:invoicing_invoice_issue"), {"event": event.pk})

    assert response.status_code == 302
    assert Invoice.objects.filter(event=event).count() == 2


def test_issue_page_refuses_a_post_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["a"]["admin"])

    response = client.post(
        reverse("admin:invoicing_invoice_issue"), {"event": world["a"]["event"].pk}
    )

    assert response.status_code == 403


def test_mark_paid_action_moves_own_documents_only(world):
    own, theirs = world["a"]["invoices"][0], world["b"]["invoices"][0]
    client = login(world["a"]["admin"])

    client.post(
        reverse(CHANGELIST),
        {"action": "mark_paid", helpers.ACTION_CHECKBOX_NAME: [own.pk, theirs.pk]},
    )

    assert Invoice.objects.get(pk=own.pk).status == "paid"
    assert Invoice.objects.get(pk=theirs.pk).status == "issued"


def test_zip_holds_xml_and_pdf_of_each_chosen_document(world):
    own = world["a"]["invoices"][0]
    client = login(world["a"]["admin"])

    response = client.post(
        reverse(CHANGELIST), {"action": "download_zip", helpers.ACTION_CHECKBOX_NAME: [own.pk]}
    )

    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["faktura-A-1.xml", "faktura-A-1.pdf"]


def test_journal_has_net_and_vat_per_rate_with_credit_notes_negative(db):
    a = organisation("A", buyer='=HYPERLINK("http://evil")')
    services.credit_invoice(invoice=a["invoices"][0], reason="Fel pris")
    client = login(a["admin"])

    response = client.get(reverse("admin:invoicing_invoice_journal"), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:7] == [
        "A-1",
        "Faktura",
        "Krediterad",
        "2026-09-01",
        "2026-10-01",
        "",
        '\'=HYPERLINK("http://evil")',
    ]
    assert rows[1][9:11] == ["2500,00", "625,00"]
    assert rows[2][:2] == ["A-2", "Kreditfaktura"]
    assert rows[2][-3:] == ["-2500,00", "-625,00", "-3125,00"]


def test_journal_as_xlsx_opens_with_the_amounts(db):
    a = organisation("A")
    client = login(a["admin"])

    response = client.get(
        reverse("admin:invoicing_invoice_journal"), {"format": "xlsx", "event": a["event"].pk}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]][-1] == Decimal("3125") or [
        cell.value for cell in sheet[2]
    ][-1] == 3125


def test_seller_details_list_shows_only_own(world):
    client = login(world["a"]["admin"])

    html = client.get(reverse("admin:invoicing_sellerprofile_changelist")).content.decode()

    assert "Säljare A" in html
    assert "Säljare B" not in html


def test_price_correction_in_the_admin_credits_reissues_and_is_in_the_history(world):
    from django.contrib.admin.models import LogEntry

    from tests.admin.form_data import change_form_data
    from tests.factories import PriceOptionFactory

    a = world["a"]
    invoice = a["invoices"][0]
    registration = invoice.booking.registrations.get()
    cheaper = PriceOptionFactory(event=a["event"], name="En dag", amount=1200)
    client = login(a["admin"])
    url = reverse("admin:registrations_registration_change", args=[registration.pk])

    response = client.post(url, change_form_data(client.get(url), price_option=[str(cheaper.pk)]))

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.price_option == cheaper
    assert Invoice.objects.get(pk=invoice.pk).status == "credited"
    latest = Invoice.objects.filter(organiser=a["event"].organiser).order_by("-sequence").first()
    assert [line.item for line in latest.lines.all()] == ["En dag"]
    entry = LogEntry.objects.filter(object_id=str(registration.pk)).latest("action_time")
    assert entry.get_change_message() == "Ändrade prisalternativ."
