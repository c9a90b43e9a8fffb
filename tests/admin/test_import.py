"""An organiser imports a participant list (CSV or XLSX) into one event."""

import io
import re

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backoffice.import_file import MAX_BYTES
from messaging.models import OutgoingEmail
from registrations import import_columns, importing
from registrations.models import Registration
from registrations.services import ParticipantData
from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")
HEADER = "Förnamn;Efternamn;E-post;Arbetsplats;Kommun;Telefon\r\n"


def _url(event):
    return reverse("admin:events_event_import", args=[event.pk])


@pytest.fixture
def event(world):
    """A's event, free of charge (its price options removed), nobody waiting."""
    event = world["a"]["event"]
    Registration.objects.filter(event=event).update(status="confirmed", price_option=None)
    event.bookings.update(price_option=None)
    event.price_options.all().delete()
    return event


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _csv(text, name="deltagare.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _upload(client, event, upload):
    return client.post(_url(event), {"file": upload})


def _import(client, event, response, **changes):
    """Send the preview page's form with the import button, as shown (plus changes)."""
    form = response.context["mapping_form"]
    data = {"table": response.context["table"], "_import": "1"}
    data.update({name: form[name].value() or "" for name in form.fields})
    data.update({"booking-consent": "on", "booking-language": "sv", "booking-send_email": "on"})
    data.update(changes)
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(_url(event), data, follow=True)


def _rows(response):
    check = response.context["check"]
    return [(row.number, row.status, row.errors, row.notes) for row in check.rows]


def _imported(event):
    return list(
        Registration.objects.filter(event=event, email__endswith="@kinda.se")
        .order_by("pk")
        .values_list("first_name", "last_name", "email", "organisation", "municipality_code")
    )


def test_guess_mapping_from_swedish_and_english_headers():
    choices = [(key, str(label)) for key, label in import_columns.TARGETS.items()]
    headers = ["Förnamn", "EFTERNAMN", "E-postadress (arbete)", "Arbetsplats", "Kommun", "Mobil"]
    english = ["First name", "Surname", "Email", "Employer", "Job title", "Dietary needs"]

    assert import_columns.guess_mapping(headers, choices) == [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "municipality",
        "phone",
    ]
    assert import_columns.guess_mapping(english, choices) == [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "dietary_needs",
    ]
    assert import_columns.guess_mapping(["Namn", "Mejl", "Okänt"], choices) == [
        "full_name",
        "email",
        "",
    ]


def test_import_csv_with_bom_and_semicolons_registers_and_emails_everyone(as_a, event):
    upload = _csv(
        HEADER + "Karin;Lind;Karin.Lind@kinda.se;Socialtjänsten;Kinda;0494-190 00\r\n"
        ";;;;;\r\n"
        "Örjan;Åberg;orjan.aberg@kinda.se;Kinda kommun;;\r\n"
    )
    preview = _upload(as_a, event, upload)

    assert preview.status_code == 200
    assert _rows(preview) == [(2, "confirmed", [], []), (4, "confirmed", [], [])]
    assert preview.context["check"].empty == 1
    response = _import(as_a, event, preview)

    assert response.redirect_chain == [(f"{CHANGELIST}?event={event.pk}", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "2 deltagare importerade: 2 bekräftade, 0 väntar. "
        "Varje deltagare får en bekräftelse per e-post."
    ]
    assert _imported(event) == [
        ("Karin", "Lind", "karin.lind@kinda.se", "Socialtjänsten", "0513"),
        ("Örjan", "Åberg", "orjan.aberg@kinda.se", "Kinda kommun", "0513"),
    ]
    karin = Registration.objects.get(email="karin.lind@kinda.se")
    assert karin.phone == "0494-190 00"
    assert karin.booking.contact_email == "karin.lind@kinda.se"
    assert karin.booking.consent_at is not None
    assert sorted(OutgoingEmail.objects.values_list("to", "kind")) == [
        ("karin.lind@kinda.se", "confirmation"),
        ("orjan.aberg@kinda.se", "confirmation"),
    ]
    assert list(
        LogEntry.objects.filter(object_id=str(karin.pk)).values_list("change_message", flat=True)
    ) == ["Importerad från en deltagarlista (deltagare.csv); deltagaren får besked per e-post."]


def test_import_without_emails_sends_none(as_a, event):
    preview = _upload(as_a, event, _csv(HEADER + "Karin;Lind;karin@kinda.se;Kinda kommun;;\n"))

    response = _import(as_a, event, preview, **{"booking-send_email": None})

    assert _imported(event) == [("Karin", "Lind", "karin@kinda.se", "Kinda kommun", "0513")]
    assert OutgoingEmail.objects.count() == 0
    assert "Ingen e-post skickades." in str(list(response.context["messages"])[0])


def test_import_windows_1252_csv_from_excel(as_a, event):
    upload = _csv(
        "sep=;\r\nFörnamn;Efternamn;E-post;Organisation\r\nÅsa;Öberg;asa@kinda.se;Kinda kommun\r\n",
        encoding="cp1252",
    )

    preview = _upload(as_a, event, upload)

    assert preview.context["headers"] == ["Förnamn", "Efternamn", "E-post", "Organisation"]
    assert preview.context["check"].rows[0].values["first_name"] == "Åsa"


def test_import_xlsx_with_comma_free_cells_and_numbers(as_a, event):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Organization", "Phone"])
    sheet.append(["Karin Lind", "karin@kinda.se", "Region Östergötland", 70123456])
    content = io.BytesIO()
    book.save(content)
    upload = SimpleUploadedFile("lista.xlsx", content.getvalue())

    preview = _upload(as_a, event, upload)
    _import(as_a, event, preview)

    registration = Registration.objects.get(email="karin@kinda.se")
    assert (registration.first_name, registration.last_name, registration.phone) == (
        "Karin",
        "Lind",
        "70123456",
    )
    assert registration.municipality_code == "05"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "kunde inte läsas som ett kalkylark"),
        (b"PK\x03\x04 not really a zip", "kunde inte läsas som ett kalkylark"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "gammal Excelfil (.xls)"),
        (b"   \n", "Filen är tom."),
        ("Förnamn;Efternamn\n".encode(), "Filen har inga rader under rubrikraden."),
        (b"a;b\n1;2;3;4\n", "En rad har fler celler än rubrikraden."),
    ],
)
def test_import_file_that_cannot_be_read_says_why(as_a, event, content, message):
    response = _upload(as_a, event, SimpleUploadedFile("fil.csv", content))

    assert response.status_code == 200
    assert message in " ".join(response.context["upload"].errors["file"])
    assert Registration.objects.filter(event=event).count() == 2


def test_import_too_many_rows_or_too_large(as_a, event):
    rows = "".join(f"A;B;a{n}@kinda.se;K\n" for n in range(importing.MAX_ROWS + 1))
    too_many = _upload(as_a, event, _csv("Förnamn;Efternamn;E-post;Organisation\n" + rows))
    large = SimpleUploadedFile("stor.csv", b"a;b\n" + b"x" * MAX_BYTES)
    too_large = _upload(as_a, event, large)

    assert too_many.context["upload"].errors["file"] == [
        "Filen har 2001 rader; högst 2000 kan importeras åt gången."
    ]
    assert too_large.context["upload"].errors["file"] == [
        "Filen är större än 5 MB. Dela upp listan i mindre filer."
    ]


def test_import_preview_shows_each_rows_problems_and_imports_nothing(as_a, event, world):
    taken = world["a"]["registration"].email
    upload = _csv(
        HEADER + ";Lind;karin@kinda.se;Kinda kommun;;\n"
        "Per;Ek;inte-en-adress;Kinda kommun;;\n"
        "Eva;Ros;eva@kinda.se;Kinda kommun;Atlantis;\n"
        "Eva;Rosén;EVA@kinda.se;Kinda kommun;;\n"
        f"Anna;Andersson;{taken};Kinda kommun;;\n"
        "Ola;Berg;ola@kinda.se;Kinda kommun;;070-abc\n"
    )

    preview = _upload(as_a, event, upload)
    forced = _import(as_a, event, preview)

    assert _rows(preview) == [
        (2, "", ["Förnamnet saknas."], []),
        (3, "", ["”inte-en-adress” är inte en e-postadress som namn@kommun.se."], []),
        (4, "confirmed", [], ["Kommunen ”Atlantis” är okänd: sparas utan kommun."]),
        (5, "", ["Samma e-postadress som på rad 4."], []),
        (6, "", ["Redan anmäld till evenemanget."], []),
        (7, "", ["Fyll i ett telefonnummer med siffror, till exempel 070-123 45 67."], []),
    ]
    assert "_import" not in preview.content.decode()
    assert forced.status_code == 200
    assert Registration.objects.filter(event=event).count() == 2


def test_import_preview_puts_the_overflow_on_the_waiting_list(as_a, event):
    event.capacity = 3  # two are registered already
    event.waiting_list = True
    event.save()
    upload = _csv(HEADER + "A;Ett;a@kinda.se;K;;\nB;Två;b@kinda.se;K;;\nC;Tre;c@kinda.se;K;;\n")

    preview = _upload(as_a, event, upload)
    _import(as_a, event, preview)

    assert [(n, status) for n, status, _e, _n in _rows(preview)] == [
        (2, "confirmed"),
        (3, "waitlisted"),
        (4, "waitlisted"),
    ]
    assert [row.place for row in preview.context["check"].rows] == [0, 1, 2]
    assert "Väntelista, nummer 2" in preview.content.decode()
    assert list(
        Registration.objects.filter(email__in=["a@kinda.se", "b@kinda.se", "c@kinda.se"])
        .order_by("pk")
        .values_list("status", flat=True)
    ) == ["confirmed", "waitlisted", "waitlisted"]


def test_import_full_event_without_waiting_list_is_a_problem(as_a, event):
    event.capacity = 2
    event.waiting_list = False
    event.save()

    preview = _upload(as_a, event, _csv(HEADER + "A;Ett;a@kinda.se;K;;\n"))

    assert _rows(preview) == [(2, "", ["Det finns ingen plats kvar och ingen väntelista."], [])]


def test_import_sessions_by_title_and_a_full_session(as_a, event, world):
    workshop = world["a"]["session"]
    workshop.title, workshop.capacity = "Workshop om samverkan", 2
    workshop.save()  # one place is taken by A's confirmed participant
    SessionFactory(event=event, title="Middag", selectable=True)
    upload = _csv(
        "Förnamn;Efternamn;E-post;Arbetsplats;Pass\n"
        "A;Ett;a@kinda.se;K;workshop om samverkan, Middag\n"
        "B;Två;b@kinda.se;K;Workshop om samverkan\n"
        "C;Tre;c@kinda.se;K;Dans\n"
    )

    preview = _upload(as_a, event, upload)

    assert _rows(preview) == [
        (2, "confirmed", [], []),
        (3, "", ["”Workshop om samverkan” är fullbokat."], []),
        (4, "", ["Det finns inget pass ”Dans” att välja."], []),
    ]
    assert [s.title for s in preview.context["check"].rows[0].sessions] == [
        "Workshop om samverkan",
        "Middag",
    ]


def test_import_mapping_needs_names_email_and_organisation(as_a, event):
    preview = _upload(as_a, event, _csv("Kolumn;Annat\nx;y\n"))

    assert preview.context["check"] is None
    assert preview.context["mapping_form"].non_field_errors() == [
        "Välj kolumnerna med för- och efternamn (eller en kolumn med hela namnet).",
        "Välj kolumnen med ”E-post”.",
        "Välj kolumnen med ”Organisation eller arbetsplats”.",
    ]


def test_import_changed_mapping_keeps_choices_and_typed_settings(as_a, event):
    preview = _upload(as_a, event, _csv("A;B;C;D\nKarin;Lind;karin@kinda.se;Kinda kommun\n"))
    data = {
        "table": preview.context["table"],
        "column_0": "first_name",
        "column_1": "last_name",
        "column_2": "email",
        "column_3": "organisation",
        "booking-consent": "on",
        "_preview": "1",
    }

    response = as_a.post(_url(event), data)

    assert _rows(response) == [(2, "confirmed", [], [])]
    assert response.context["settings"]["consent"].value() is True
    assert response.context["settings"].errors == {}
    assert Registration.objects.filter(email="karin@kinda.se").count() == 0


def test_import_without_consent_asks_for_it(as_a, event):
    preview = _upload(as_a, event, _csv(HEADER + "Karin;Lind;karin@kinda.se;K;;\n"))

    response = _import(as_a, event, preview, **{"booking-consent": None})

    assert response.context["settings"].errors["consent"] == [
        "Bekräfta att deltagarna godkänner integritetsmeddelandet."
    ]
    assert _imported(event) == []


def test_import_tampered_table_is_refused(as_a, event):
    preview = _upload(as_a, event, _csv(HEADER + "Karin;Lind;karin@kinda.se;K;;\n"))
    table = preview.context["table"]

    response = as_a.post(_url(event), {"table": table[:-3] + "abc", "_import": "1"}, follow=True)

    assert response.redirect_chain == [(_url(event), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Den uppladdade listan har gått ut eller ändrats. Ladda upp filen igen."
    ]
    assert _imported(event) == []


def test_import_table_of_another_event_is_refused(as_a, event, world):
    other = EventFactory(organiser=world["a"]["organiser"])
    preview = _upload(as_a, event, _csv(HEADER + "Karin;Lind;karin@kinda.se;K;;\n"))

    response = as_a.post(_url(other), {"table": preview.context["table"], "_import": "1"})

    assert response.status_code == 302
    assert Registration.objects.filter(email="karin@kinda.se").count() == 0


def test_import_participants_is_all_or_nothing(event, world):
    taken = world["a"]["registration"].email
    rows = [
        (2, ParticipantData("Karin", "Lind", "karin@kinda.se", "Kinda kommun")),
        (3, ParticipantData("Anna", "Dubbel", taken, "Kinda kommun")),
    ]

    with pytest.raises(importing.ImportRefused) as refused:
        importing.import_participants(
            event=event, rows=rows, consent_at=timezone.now(), user=world["a"]["admin"]
        )

    assert refused.value.number == 3
    assert re.match(r"Rad 3: .+ Ingenting importerades\.", refused.value.message)
    assert _imported(event) == []
    assert OutgoingEmail.objects.count() == 0


def test_import_page_of_another_organiser_is_not_found(client, world, event):
    client.force_login(world["b"]["admin"])

    get = client.get(_url(event))
    post = client.post(_url(event), {"file": _csv(HEADER + "K;L;k@kinda.se;K;;\n")})

    assert (get.status_code, post.status_code) == (404, 404)
    assert _imported(event) == []


def test_import_door_staff_may_not_import(client, world, event):
    client.force_login(world["a"]["door"])

    get = client.get(_url(event))
    post = client.post(_url(event), {"file": _csv(HEADER + "K;L;k@kinda.se;K;;\n")})

    assert (get.status_code, post.status_code) == (404, 404)
    assert _imported(event) == []


def test_import_link_on_the_dashboard_and_the_list_for_admins_only(client, world, event):
    dashboard = reverse("admin:events_event_dashboard", args=[event.pk])
    listed = f"{CHANGELIST}?event={event.pk}"
    client.force_login(world["a"]["admin"])
    for_admin = [client.get(dashboard).content.decode(), client.get(listed).content.decode()]
    client.force_login(world["a"]["door"])
    for_door = client.get(listed)

    assert [_url(event) in page for page in for_admin] == [True, True]
    assert for_door.context["summary"]["import_url"] == ""
    assert _url(event) not in for_door.content.decode()


def test_import_to_a_draft_is_closed(as_a, event):
    event.status = "draft"
    event.save()

    response = as_a.post(_url(event), {"file": _csv(HEADER + "K;L;k@kinda.se;K;;\n")})

    assert response.context["closed_message"] == (
        "Evenemanget är ett utkast: publicera det innan du lägger till anmälningar."
    )
    assert _imported(event) == []


def test_import_preview_queries_do_not_grow_per_row(as_a, event, django_assert_max_num_queries):
    rows = "".join(f"A;B;a{n}@kinda.se;Kinda kommun;;\n" for n in range(40))
    upload = _csv(HEADER + rows)

    with django_assert_max_num_queries(25):
        response = _upload(as_a, event, upload)

    assert len(response.context["check"].rows) == 40
