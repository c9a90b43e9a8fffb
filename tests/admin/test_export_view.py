"""The admin's export page: pick a list, a format and columns; save the choice."""

import csv
import io

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils.translation import gettext

from exports.models import ExportPreset
from registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _url(world):
    return reverse("admin:events_event_export", args=[world["a"]["event"].pk])


def _content(response):
    return b"".join(response.streaming_content)


def test_export_page_offers_every_list_and_the_default_columns(as_a, world):
    form = as_a.get(_url(world)).context["form"]

    assert [value for value, _label in form.fields["report"].choices] == [
        "attendees",
        "door_list",
        "badges",
        "dietary",
        "sessions",
        "invoice",
    ]
    assert form["columns"].value() == [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "attendance_mode",
        "status",
        "dietary_needs",
        "accessibility_needs",
        f"session:{world['a']['session'].pk}",
        f"question:{world['a']['question'].pk}",
    ]


def test_export_csv_streams_with_bom_and_the_chosen_columns(as_a, world):
    response = as_a.post(
        _url(world),
        {
            "report": "attendees",
            "file_format": "csv",
            "columns": ["email", "last_name"],
            "statuses": ["confirmed", "waitlisted"],
        },
    )

    content = _content(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="hemligt-a-konferens-a-deltagare.csv"'
    )
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        [gettext("last name"), gettext("e-mail")],
        ["EfternamnA", "hemligt-a-deltagare@kommun.se"],
        ["KöA", "hemligt-a-vantande@kommun.se"],
    ]


def test_export_xlsx_reads_back(as_a, world):
    response = as_a.post(
        _url(world),
        {"report": "dietary", "file_format": "xlsx"},
    )

    workbook = openpyxl.load_workbook(io.BytesIO(_content(response)))
    assert workbook.sheetnames == [gettext("Dietary needs"), gettext("Names")]
    assert list(workbook.worksheets[0].iter_rows(values_only=True)) == [
        (gettext("dietary needs"), gettext("number")),
        (gettext("Everyone on site"), 1),
    ]


def test_export_saves_the_column_choice_for_the_event(as_a, world):
    as_a.post(
        _url(world),
        {
            "report": "attendees",
            "file_format": "xlsx",
            "columns": ["phone", "email"],
            "statuses": ["confirmed"],
            "save_columns": "on",
        },
    )

    preset = ExportPreset.objects.get(event=world["a"]["event"])
    assert (preset.columns, preset.updated_by) == (["email", "phone"], world["a"]["admin"])
    assert as_a.get(_url(world)).context["form"]["columns"].value() == ["email", "phone"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"report": "badges", "file_format": "xlsx"}, "Exporterat: Namnskyltar (PDF)."),
        ({"report": "door_list", "file_format": "xlsx"}, "Exporterat: Dörrlista (PDF)."),
        ({"report": "dietary", "file_format": "xlsx"}, "Exporterat: Specialkostlista (XLSX)."),
        (
            {"report": "attendees", "file_format": "csv", "columns": ["email"]},
            "Exporterat: Deltagarlista (CSV).",
        ),
    ],
)
def test_export_is_written_to_the_event_history(as_a, world, data, message):
    as_a.post(_url(world), {"statuses": ["confirmed"], **data})

    entry = LogEntry.objects.get(object_id=str(world["a"]["event"].pk))
    assert entry.get_change_message() == message


def test_export_without_columns_keeps_the_form_with_an_error(as_a, world):
    response = as_a.post(
        _url(world),
        {"report": "attendees", "file_format": "csv", "statuses": ["confirmed"]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"columns": [gettext("Choose at least one column.")]}


def test_export_of_sessions_without_choices_is_an_error_message(as_a, world):
    world["a"]["session"].__class__.objects.filter(event=world["a"]["event"]).update(
        selectable=False
    )

    response = as_a.post(_url(world), {"report": "sessions", "file_format": "csv"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        gettext("The event has no sessions to choose at signup.")
    ]


def test_export_door_list_is_a_pdf(as_a, world):
    Registration.objects.filter(event=world["a"]["event"]).update(status="confirmed")

    response = as_a.post(_url(world), {"report": "door_list", "file_format": "csv"})

    assert response["Content-Type"] == "application/pdf"
    assert _content(response).startswith(b"%PDF")


def test_export_page_of_an_unknown_event_is_not_found(as_a):
    assert as_a.get(reverse("admin:events_event_export", args=["999999"])).status_code == 404
    assert as_a.get(reverse("admin:events_event_export", args=["x"])).status_code == 404
