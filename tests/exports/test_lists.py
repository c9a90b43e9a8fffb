import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils.translation import gettext

from events.services import cancel_event
from exports import catalogue, pdf
from exports.reports import (
    ExportError,
    attendee_list,
    dietary_list,
    invoice_basis,
    session_lists,
)
from tests.factories import EventFactory, RegistrationFactory, SessionFactory


def _rows(sheet):
    return [list(row) for row in sheet.rows]


def test_dietary_list_counts_needs_on_site_and_names_who_has_them(conference):
    summary, names = dietary_list(conference["event"])

    assert _rows(summary) == [["Vegetarisk", 2], [gettext("Everyone on site"), 2]]
    assert _rows(names) == [
        ["Vegetarisk", "Andersson", "Bo", "Kinda kommun"],
        ["Vegetarisk", "Öberg", "Åsa", "Kinda kommun"],
    ]


def test_session_lists_have_one_sheet_per_selectable_session(conference):
    workshop, dinner = session_lists(conference["event"])

    assert workshop.title.startswith("Workshop: Hemtjänst (")
    assert _rows(workshop) == [
        ["Ek", "Cecilia", "=cmd|' /C calc'!A0", "cecilia.ek@lulea.se", gettext("Online")],
        ["Öberg", "Åsa", "Kinda kommun", "asa.oberg@kinda.se", gettext("On site")],
    ]
    assert _rows(dinner) == [
        ["Andersson", "Bo", "Kinda kommun", "bo.andersson@kinda.se", gettext("On site")],
        ["Öberg", "Åsa", "Kinda kommun", "asa.oberg@kinda.se", gettext("On site")],
    ]


def test_session_lists_xlsx_sheet_titles_fit_excel(conference):
    buffer = io.BytesIO()
    catalogue.write("sessions", "xlsx", conference["event"], buffer)

    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert [len(name) <= 31 for name in workbook.sheetnames] == [True, True]
    assert workbook.sheetnames[1].startswith("Middag (")
    assert workbook.worksheets[1]["A2"].value == "Andersson"


def test_session_lists_refused_without_selectable_sessions(db):
    event = EventFactory()
    SessionFactory(event=event)

    with pytest.raises(ExportError):
        session_lists(event)


def test_invoice_basis_groups_by_paying_organisation_with_references(conference):
    per_organisation, per_booking = invoice_basis(conference["event"])

    assert _rows(per_organisation) == [
        [
            "Kinda kommun",
            "212000-0530",
            "Box 1, 590 40 Kisa",
            "",
            "KL-77",
            1,
            2,
            Decimal("5000.00"),
        ],
        [
            "Luleå kommun",
            "212000-2668",
            "971 85 Luleå",
            "",
            '=HYPERLINK("http://evil")',
            1,
            1,
            Decimal("2500.00"),
        ],
    ]
    assert [row[:12] for row in _rows(per_booking)] == [
        [
            "Kinda kommun",
            "212000-0530",
            "KL-77",
            "",
            "Box 1, 590 40 Kisa",
            conference["kinda"].reference,
            "Karin Lund",
            "karin.lund@kinda.se",
            "Hela konferensen",
            Decimal("2500.00"),
            2,
            Decimal("5000.00"),
        ],
        [
            "Luleå kommun",
            "212000-2668",
            '=HYPERLINK("http://evil")',
            "",
            "971 85 Luleå",
            conference["lulea"].reference,
            "Lars Nilsson",
            "lars@lulea.se",
            "Hela konferensen",
            Decimal("2500.00"),
            1,
            Decimal("2500.00"),
        ],
    ]
    assert [row[12] for row in _rows(per_booking)] == ["Bo Andersson, Åsa Öberg", "Cecilia Ek"]


def test_invoice_basis_csv_neutralises_the_reference_and_uses_decimal_comma(conference):
    buffer = io.BytesIO()
    catalogue.write("invoice", "csv", conference["event"], buffer)

    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [gettext("Per organisation")]
    assert rows[3] == [
        "Luleå kommun",
        "212000-2668",
        "971 85 Luleå",
        "",
        '\'=HYPERLINK("http://evil")',
        "1",
        "1",
        "2500,00",
    ]
    assert rows[4] == []
    assert rows[5] == [gettext("Per booking")]


def test_invoice_basis_refused_for_a_free_event(db):
    event = RegistrationFactory().event

    with pytest.raises(ExportError):
        invoice_basis(event)


def test_write_refuses_a_pdf_list_as_csv(conference):
    with pytest.raises(ExportError):
        catalogue.write("door_list", "csv", conference["event"], io.BytesIO())


def test_lists_of_a_cancelled_event_have_nobody_confirmed(conference):
    event = conference["event"]
    cancel_event(event=event)

    assert pdf.people_on_site(event) == []
    assert [_rows(sheet) for sheet in invoice_basis(event)] == [[], []]
    assert [_rows(sheet) for sheet in session_lists(event)] == [[], []]
    assert _rows(dietary_list(event)[0]) == [[gettext("Everyone on site"), 0]]
    (attendees,) = attendee_list(event, keys=["last_name"])
    assert _rows(attendees) == []
    (kept,) = attendee_list(event, keys=["last_name"], statuses=["cancelled"])
    assert sorted(row[0] for row in kept.rows) == ["Andersson", "Berg", "Ek", "Ås", "Öberg"]
