"""Certificates of attendance: what the PDF says, whom it is e-mailed to (once), the
download from the manage link, the public check of its code and the command."""

import io
import re
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats
from pypdf import PdfReader

from followup import certificates
from followup.models import Certificate, CertificateSettings
from messaging.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _weekday_date(day):
    return formats.date_format(day, "l j F Y")


def test_certificate_says_who_attended_what_when_and_how_to_check_it(conference, settings):
    ailu, days = conference["ailu"], conference["days"]

    text = _text(certificates.document(ailu))

    code = Certificate.objects.get(registration=ailu).code
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines[:8] == [
        "Intyg om deltagande",
        "Härmed intygas att",
        "Áilu Ŋuolja-Sárá",
        "Kiruna kommun",
        "har deltagit i",
        "Aktuell Socialpolitik",
        "Arrangör: Norrbottens Kommuner tillsammans med Region Västerbotten",
        "Kulturens hus, Luleå",
    ]
    assert lines[8:12] == [
        "Närvaro",
        f"{_weekday_date(days[0])}, 09.30–16.30",
        f"{_weekday_date(days[2])}, 10.00–12.00",
        "Sammanlagt: 2 dagar, 9 timmar",
    ]
    assert lines[12:14] == [
        "Programpunkter",
        f"{_weekday_date(days[2])}, 10.00–12.00: Workshop: Samverkan",
    ]
    assert f"Kontrollkod: {code}" in lines
    assert f"Kontrollera att intyget är äkta på {settings.SITE_URL}/intyg/{code}/" in lines


def test_certificate_code_is_long_random_and_grouped(conference):
    code = certificates.issue(conference["ailu"]).code

    assert re.fullmatch(r"([A-HJ-NP-Z2-9]{4}-){6}[A-HJ-NP-Z2-9]{2}", code)
    assert certificates.issue(conference["ailu"]).code == code  # issued once


def test_certificate_is_in_the_participants_language(conference):
    text = _text(certificates.document(conference["bo"]))

    assert "Certificate of attendance" in text
    assert "Organised by Norrbottens Kommuner together with Region Västerbotten" in text
    assert "In all: 1 day, 5.5 hours" in text


def test_only_those_checked_in_have_certificates(conference):
    assert [r.first_name for r in certificates.attended(conference["event"])] == ["Bo", "Áilu"]


def _settings(event, send_to, question=None):
    CertificateSettings.objects.update_or_create(
        event=event, defaults={"send_to": send_to, "question": question}
    )


def test_certificates_are_emailed_to_everyone_who_attended_once(conference, committed):
    event = conference["event"]
    _settings(event, CertificateSettings.SendTo.ATTENDED)

    assert committed(certificates.send_certificates, event=event) == 2
    sent = sorted(mail.outbox, key=lambda message: message.to)
    assert [message.to for message in sent] == [["ailu@kiruna.se"], ["bo@umea.se"]]
    assert sent[0].subject == "Ditt intyg om deltagande: Aktuell Socialpolitik"
    assert sent[1].subject == "Your certificate of attendance: Aktuell Socialpolitik"
    [part] = sent[0].attachments
    assert (part.get_filename(), part.get_content_type()) == (
        "intyg-nuolja-sara-ailu-AILU-2345.pdf",
        "application/pdf",
    )
    assert "Áilu Ŋuolja-Sárá" in _text(part.get_payload(decode=True))

    assert committed(certificates.send_certificates, event=event) == 0
    assert mail.outbox == []
    assert OutgoingEmail.objects.filter(kind="certificate").count() == 2


def test_certificates_go_to_those_who_answered_yes(conference, committed):
    event = conference["event"]
    _settings(event, CertificateSettings.SendTo.ANSWERED_YES, conference["question"])

    assert committed(certificates.send_certificates, event=event) == 1
    assert [message.to for message in mail.outbox] == [["ailu@kiruna.se"]]


def test_certificates_are_not_emailed_by_default_nor_before_the_end(conference, committed):
    event = conference["event"]
    assert committed(certificates.send_certificates, event=event) == 0

    _settings(event, CertificateSettings.SendTo.ATTENDED)
    event.ends_at = event.ends_at.replace(year=event.ends_at.year + 1)
    event.save()
    assert committed(certificates.send_certificates, event=event) == 0
    assert mail.outbox == []


def test_daily_job_emails_the_certificates_due(conference, committed):
    _settings(conference["event"], CertificateSettings.SendTo.ATTENDED)

    committed(call_command, command_name="send_followups", stdout=io.StringIO())

    assert sorted(message.to[0] for message in mail.outbox) == ["ailu@kiruna.se", "bo@umea.se"]


# The manage link


def test_manage_page_links_the_certificate_and_it_downloads(client, conference):
    ailu = conference["ailu"]

    page = client.get(ailu.get_absolute_url()).content.decode()
    url = reverse("followup:certificate", kwargs={"token": ailu.manage_token})
    assert f'<a class="btn btn-primary" href="{url}" download>Ladda ner intyget (pdf)</a>' in page

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="intyg-nuolja-sara-ailu-AILU-2345.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "Áilu Ŋuolja-Sárá" in _text(response.content)


def test_who_did_not_attend_has_no_certificate(client, conference):
    cia = conference["cia"]

    page = client.get(cia.get_absolute_url()).content.decode()
    url = reverse("followup:certificate", kwargs={"token": cia.manage_token})
    assert url not in page
    assert client.get(url).status_code == 404
    assert client.get("/anmalan/not-a-token-at-all-xxxxxxx/intyg.pdf").status_code == 404


# The public check


def test_verification_page_names_the_person_the_event_and_the_days(client, conference):
    code = certificates.issue(conference["ailu"]).code
    days = conference["days"]

    response = client.get(reverse("followup:verify_code", kwargs={"code": code}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<dd>Áilu Ŋuolja-Sárá</dd>" in content
    assert "<dd>Aktuell Socialpolitik</dd>" in content
    assert "<dd>Norrbottens Kommuner, Region Västerbotten</dd>" in content
    weekdays = [formats.date_format(day, "l j F Y").capitalize() for day in (days[0], days[2])]
    assert f"<li>{weekdays[0]}</li><li>{weekdays[1]}</li>" in content
    assert "ailu@kiruna.se" not in content
    assert "Kiruna kommun" not in content
    assert "no-store" in response["Cache-Control"]


def test_verification_form_forgives_case_and_spaces(client, conference):
    code = certificates.issue(conference["ailu"]).code

    response = client.post(reverse("followup:verify"), {"code": f" {code.lower()} "})

    assert response.status_code == 302
    assert response["Location"] == reverse("followup:verify_code", kwargs={"code": code})


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG", "1", "x" * 300])
def test_an_unknown_code_is_not_found_and_says_so(client, conference, code):
    certificates.issue(conference["ailu"])

    response = client.get(reverse("followup:verify_code", kwargs={"code": code}))

    assert response.status_code == 404
    assert "Inget giltigt intyg har den här kontrollkoden." in response.content.decode()


def test_verification_form_without_a_code_says_what_to_do(client, db):
    response = client.post(reverse("followup:verify"), {"code": ""})

    assert response.status_code == 200
    assert "Skriv intygets kontrollkod." in response.content.decode()


def test_a_check_in_undone_makes_the_certificate_invalid(client, conference):
    from registrations.services import unmark_attended

    code = certificates.issue(conference["bo"]).code
    unmark_attended(registration=conference["bo"])

    assert client.get(reverse("followup:verify_code", kwargs={"code": code})).status_code == 404


def test_verification_is_rate_limited(client, conference, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "followup:verify_code": "3/m"}
    url = reverse("followup:verify_code", kwargs={"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG"})

    statuses = [client.get(url).status_code for _ in range(4)]

    assert statuses == [404, 404, 404, 429]


# The command and the organiser's ZIP


def test_certificates_command_writes_one_pdf_each(conference, tmp_path):
    out = io.StringIO()

    call_command("certificates", "aktuell-socialpolitik", "--output", str(tmp_path), stdout=out)

    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "intyg-berg-bo-" + conference["bo"].reference + ".pdf",
        "intyg-nuolja-sara-ailu-AILU-2345.pdf",
    ]
    assert out.getvalue() == f"2 certificates written to {tmp_path}.\n"


def test_organiser_downloads_every_certificate_as_one_zip(client, conference):
    client.force_login(conference["admin"])

    response = client.get(reverse("admin:events_event_certificates", args=[conference["event"].pk]))

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="intyg-aktuell-socialpolitik.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = sorted(bundle.namelist())
        assert "Bo Berg" in _text(bundle.read(names[0]))
    assert len(names) == 2


@pytest.mark.parametrize("who", ["door", "other_admin"])
def test_zip_and_sending_are_for_the_organisers_admins_only(client, conference, who):
    client.force_login(conference[who])
    event = conference["event"]
    _settings(event, CertificateSettings.SendTo.ATTENDED)

    zip_response = client.get(reverse("admin:events_event_certificates", args=[event.pk]))
    send_response = client.post(reverse("admin:events_event_send_certificates", args=[event.pk]))

    assert (zip_response.status_code, send_response.status_code) == (404, 404)
    assert Certificate.objects.filter(emailed_at__isnull=False).count() == 0


def test_organiser_emails_the_certificates_from_the_dashboard(client, conference, run_tasks):
    event = conference["event"]
    _settings(event, CertificateSettings.SendTo.ANSWERED_YES, conference["question"])
    client.force_login(conference["admin"])
    dashboard = reverse("admin:events_event_dashboard", args=[event.pk])
    assert "Mejla intygen nu" in client.get(dashboard).content.decode()

    response = client.post(reverse("admin:events_event_send_certificates", args=[event.pk]))
    run_tasks()

    assert response["Location"] == dashboard
    assert Certificate.objects.filter(emailed_at__isnull=False).count() == 1


def test_event_form_refuses_answered_yes_without_a_yes_no_question(client, conference):
    from backoffice.followup_admin import CertificateSettingsForm

    event = conference["event"]
    instance = CertificateSettings(event=event)
    form = CertificateSettingsForm(
        {"send_to": CertificateSettings.SendTo.ANSWERED_YES, "question": ""}, instance=instance
    )

    assert not form.is_valid()
    assert form.errors["question"] == ["Välj ja/nej-frågan som avgör."]


def test_pages_with_a_form_send_the_referrer_to_the_site_itself_so_csrf_passes(client, conference):
    """Under "no-referrer" a browser posts with ``Origin: null``, which Django refuses."""
    code = certificates.issue(conference["ailu"]).code
    form_pages = [reverse("followup:verify"), reverse("followup:verify_code", kwargs={"code": "X"})]
    plain = reverse("followup:verify_code", kwargs={"code": code})

    assert [client.get(url)["Referrer-Policy"] for url in form_pages] == ["same-origin"] * 2
    assert client.get(plain)["Referrer-Policy"] == "no-referrer"
