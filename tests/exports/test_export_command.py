import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from exports.services import save_preset


def test_export_command_writes_csv_to_standard_output(conference):
    out = io.StringIO()

    call_command(
        "export_registrations", conference["event"].slug, "--columns", "last_name,email", stdout=out
    )

    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert out.getvalue().startswith("\ufeff")
    assert rows == [
        [gettext("last name"), gettext("e-mail")],
        ["Andersson", "bo.andersson@kinda.se"],
        ["Ek", "cecilia.ek@lulea.se"],
        ["Öberg", "asa.oberg@kinda.se"],
    ]


def test_export_command_writes_xlsx_bytes_to_standard_output(conference, capsysbinary):
    call_command(
        "export_registrations",
        conference["event"].slug,
        "--format",
        "xlsx",
        "--columns",
        "first_name",
    )

    workbook = openpyxl.load_workbook(io.BytesIO(capsysbinary.readouterr().out))
    assert list(workbook.active.iter_rows(values_only=True)) == [
        (gettext("first name"),),
        ("Bo",),
        ("Cecilia",),
        ("Åsa",),
    ]


def test_export_command_writes_xlsx_to_a_file(conference, tmp_path):
    target = tmp_path / "lista.xlsx"

    call_command(
        "export_registrations",
        conference["event"].slug,
        "--format",
        "xlsx",
        "--output",
        str(target),
        "--status",
        "waitlisted",
        "--columns",
        "last_name,status",
    )

    workbook = openpyxl.load_workbook(target)
    assert list(workbook.active.iter_rows(values_only=True)) == [
        (gettext("last name"), gettext("status")),
        ("Berg", gettext("Waiting list")),
    ]


def test_export_command_uses_the_saved_columns(conference):
    save_preset(event=conference["event"], columns=["email"])
    out = io.StringIO()

    call_command("export_registrations", conference["event"].slug, stdout=out)

    assert out.getvalue().splitlines()[:2] == [
        f"\ufeff{gettext('e-mail')}",
        "bo.andersson@kinda.se",
    ]


def test_export_command_makes_the_other_lists(conference, tmp_path):
    target = tmp_path / "dorrlista.pdf"

    call_command(
        "export_registrations",
        conference["event"].slug,
        "--report",
        "door_list",
        "--format",
        "pdf",
        "-o",
        str(target),
    )

    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "arguments",
    [
        ["no-such-event"],
        ["{slug}", "--columns", "last_name,shoe_size"],
        ["{slug}", "--status", "maybe"],
        ["{slug}", "--report", "door_list", "--format", "csv"],
    ],
)
def test_export_command_refuses_bad_arguments(conference, arguments):
    arguments = [argument.format(slug=conference["event"].slug) for argument in arguments]

    with pytest.raises(CommandError):
        call_command("export_registrations", *arguments, stdout=io.StringIO())


def test_export_command_refuses_xlsx_to_a_text_stream(conference):
    with pytest.raises(CommandError):
        call_command(
            "export_registrations",
            conference["event"].slug,
            "--format",
            "xlsx",
            stdout=io.StringIO(),
        )
