import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils.translation import gettext

from exports import catalogue, pdf
from exports.reports import (
    ExportError,
    _session_title,
    attendee_list,
    dietary_list,
    invoice_basis,
    session_lists,
)
from registrations.event_cancellation import cancel_event
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
    shop, meal = (_session_title(conference[key]) for key in ("workshop", "dinner"))

    assert workshop.title == "Workshop: Hemtjänst (1 april 2026 kl. 09.00)"
    assert (workshop.title, dinner.title) == (shop, meal)
    assert (workshop.name, dinner.name) == ("Workshop: Hemtjänst", "Middag")
    assert _rows(workshop) == [
        [shop, "Ek", "Cecilia", "=cmd|' /C calc'!A0", "cecilia.ek@lulea.se", gettext("Online")],
        [shop, "Öberg", "Åsa", "Kinda kommun", "asa.oberg@kinda.se", gettext("On site")],
    ]
    assert _rows(dinner) == [
        [meal, "Andersson", "Bo", "Kinda kommun", "bo.andersson@kinda.se", gettext("On site")],
        [meal, "Öberg", "Åsa", "Kinda kommun", "asa.oberg@kinda.se", gettext("On site")],
    ]


def test_session_list_csv_of_the_only_session_names_it(db):
    event = EventFactory()
    dinner = SessionFactory(event=event, title="Middag", selectable=True)
    RegistrationFactory(
        booking__event=event,
        first_name="Bo",
        last_name="Andersson",
        email="bo@kinda.se",
        organisation="Kinda kommun",
    ).sessions.add(dinner)
    buffer = io.BytesIO()

    catalogue.write("sessions", "csv", event, buffer)

    lines = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert lines == [
        ["programpunkt", "efternamn", "förnamn", "organisation", "e-post", "deltagande"],
        [_session_title(dinner), "Andersson", "Bo", "Kinda kommun", "bo@kinda.se", "På plats"],
    ]


def test_session_lists_xlsx_sheets_are_named_after_the_sessions(conference):
    buffer = io.BytesIO()
    catalogue.write("sessions", "xlsx", conference["event"], buffer)

    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["Workshop Hemtjänst", "Middag"]
    assert workbook.worksheets[1]["B2"].value == "Andersson"


def test_session_lists_xlsx_sheet_names_are_clean_and_unique(db):
    event = EventFactory()
    for title in (
        "Workshop: Hemtjänst/äldreomsorg [grupp A]",
        "Workshop: Hemtjänst/äldreomsorg [grupp B]",
        "'Citat' – vad säger lagen?",
        "History",
        "Middag",
        "middag",
    ):
        SessionFactory(event=event, title=title, selectable=True)
    buffer = io.BytesIO()

    catalogue.write("sessions", "xlsx", event, buffer)

    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).sheetnames == [
        "Workshop Hemtjänst äldreomsorg…",
        "Workshop Hemtjänst äldreom… (2)",
        "Citat' – vad säger lagen",
        "History (2)",
        "Middag",
        "middag (2)",
    ]


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
