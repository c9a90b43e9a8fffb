import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils.translation import gettext

from exports import catalogue
from exports.columns import event_columns
from exports.reports import ExportError, attendee_list
from exports.writers import csv_chunks

COLUMNS = ["last_name", "first_name", "organisation", "phone", "status", "created_at"]


def _keys(conference):
    return [
        *COLUMNS,
        f"session:{conference['workshop'].pk}",
        f"question:{conference['bus'].pk}",
    ]


def _header(conference):
    return [
        gettext("last name"),
        gettext("first name"),
        gettext("organisation"),
        gettext("phone"),
        gettext("status"),
        gettext("registered"),
        "Workshop: Hemtjänst ({})".format(gettext("chosen")),
        "Vill du åka buss från stationen?",
    ]


def _csv(conference, **options):
    buffer = io.BytesIO()
    catalogue.write("attendees", "csv", conference["event"], buffer, **options)
    return buffer.getvalue()


def test_attendee_list_csv_has_bom_semicolons_and_the_chosen_columns(conference):
    content = _csv(conference, columns=_keys(conference))

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        _header(conference),
        ["Andersson", "Bo", "Kinda kommun", "", gettext("Attended"), "2026-03-02 10:15", "", ""],
        [
            "Ek",
            "Cecilia",
            "'=cmd|' /C calc'!A0".replace("|", "\\|"),
            "",
            gettext("Confirmed"),
            "2026-03-02 10:15",
            "x",
            "Nej",
        ],
        [
            "Öberg",
            "Åsa",
            "Kinda kommun",
            "'+46 494 190 00",
            gettext("Confirmed"),
            "2026-03-02 10:15",
            "x",
            "Ja",
        ],
    ]


def test_attendee_list_csv_lines_end_with_crlf(conference):
    content = _csv(conference, columns=["last_name"])

    assert content.decode("utf-8-sig").split("\r\n") == [
        gettext("last name"),
        "Andersson",
        "Ek",
        "Öberg",
        "",
    ]


def test_attendee_list_xlsx_reads_back_with_types(conference):
    buffer = io.BytesIO()
    catalogue.write("attendees", "xlsx", conference["event"], buffer, columns=_keys(conference))

    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == [gettext("Attendees")]
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    signed_up = dt.datetime(2026, 3, 2, 10, 15)
    assert rows == [
        _header(conference),
        ["Andersson", "Bo", "Kinda kommun", None, gettext("Attended"), signed_up, None, None],
        [
            "Ek",
            "Cecilia",
            "'=cmd\\|' /C calc'!A0",
            None,
            gettext("Confirmed"),
            signed_up,
            "x",
            "Nej",
        ],
        [
            "Öberg",
            "Åsa",
            "Kinda kommun",
            "'+46 494 190 00",
            gettext("Confirmed"),
            signed_up,
            "x",
            "Ja",
        ],
    ]
    assert workbook.active["A1"].font.bold is True


def test_attendee_list_statuses_choose_who_is_listed(conference):
    (sheet,) = attendee_list(
        conference["event"], ["last_name"], statuses=["waitlisted", "cancelled"]
    )

    assert list(sheet.rows) == [["Berg"], ["Ås"]]


def test_attendee_list_default_columns_include_sessions_and_questions(conference):
    (sheet,) = attendee_list(conference["event"])

    assert [str(label) for label in sheet.header][-3:] == [
        "Workshop: Hemtjänst ({})".format(gettext("chosen")),
        "Middag ({})".format(gettext("chosen")),
        "Vill du åka buss från stationen?",
    ]


def test_attendee_list_every_standard_column_has_a_value(conference):
    keys = [column.key for column in event_columns(conference["event"])]
    (sheet,) = attendee_list(conference["event"], keys)

    rows = list(sheet.rows)
    assert len(rows) == 3
    assert all(len(row) == len(keys) for row in rows)


def test_attendee_list_question_text_is_neutralised_in_the_header(conference):
    conference["bus"].text = "=1+1"
    conference["bus"].save()

    content = _csv(conference, columns=[f"question:{conference['bus'].pk}"])

    assert content.decode("utf-8-sig").splitlines()[0] == "'=1+1"


def test_attendee_list_without_columns_is_refused(conference):
    with pytest.raises(ExportError):
        attendee_list(conference["event"], [])


def test_csv_chunks_are_bom_header_and_rows(conference):
    sheets = attendee_list(conference["event"], ["email"], statuses=["attended"])

    assert "".join(csv_chunks(sheets)) == f"\ufeff{gettext('e-mail')}\r\nbo.andersson@kinda.se\r\n"
