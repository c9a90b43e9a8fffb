import datetime as dt
import io
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from backoffice.dashboard import event_dashboard
from demo.seeding import DEFAULT_DEMO_PASSWORD
from events.models import (
    Event,
    Material,
    Membership,
    Organiser,
    PriceOption,
    RegistrationState,
    Series,
    Session,
    SessionSpeaker,
    Speaker,
    Venue,
)
from followup import surveys
from followup.models import (
    Certificate,
    CertificateSettings,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from registrations.models import Answer, Booking, DayAttendance, Question, Registration

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A Tuesday in January: every upcoming edition then falls in the same year (2030).
FROZEN = dt.datetime(2030, 1, 15, 10, 0, tzinfo=STOCKHOLM)
SEEDS = Path(settings.BASE_DIR) / "seeds"
SEEDED_MODELS = (
    Organiser,
    Membership,
    Series,
    Venue,
    Speaker,
    Event,
    Session,
    SessionSpeaker,
    Material,
    PriceOption,
    Question,
    Booking,
    Registration,
    Answer,
    DayAttendance,
    CertificateSettings,
    Certificate,
    Survey,
    SurveyQuestion,
    SurveyInvitation,
    SurveyResponse,
    SurveyAnswer,
    get_user_model(),
)
UPCOMING = {
    "forebyggande-arbete-som-strategi-2030",
    "verkstad-budget-med-langre-sikt-2030",
    "aktuell-socialpolitik-2030",
    "studiedagen-2030",
    "socialchefsdagarna-2030",
}
NAMED_SPEAKERS = {
    "Kerstin Johansson",
    "Robert Jonsson",
    "Håkan Olsson",
    "Åsa Furén Thulin",
    "Helena Asklund",
    "Sara Avander",
    "Torbjörn Anttila",
    "Carolina Klockmo",
    "Annika Nordström",
    "Malin Lindberg",
    "Lars Grönwall",
    "Parvaneh Sharafi",
    "Pernilla Vera",
    "Maja Hagström",
    "Zhane Taylor",
    "Lisbeth Davidsson",
    "Maria Malcus",
    "Chris Österlund",
    "Ludvig Sandberg",
    "Göran Cars",
}


def load(*args):
    out = io.StringIO()
    call_command("load_seeds", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every seeded row of every model, as stored."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in SEEDED_MODELS}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture
def seeded(frozen):
    return load()


def local_dates(queryset):
    return {timezone.localdate(start) for start in queryset.values_list("starts_at", flat=True)}


def test_load_seeds_creates_the_organisers_and_their_events(seeded):
    events = {
        organiser.slug: set(organiser.events.values_list("slug", flat=True))
        for organiser in Organiser.objects.all()
    }

    assert events == {
        "cks": {
            "nar-resurserna-inte-racker-2017",
            "forebyggande-arbete-som-strategi-2030",
            "verkstad-budget-med-langre-sikt-2030",
        },
        "norrbottens-kommuner": {"aktuell-socialpolitik-2019", "aktuell-socialpolitik-2030"},
        "region-vasterbotten": set(),
        "svensk-socialpolitisk-forening": {"framtidens-socialtjanst-2019", "studiedagen-2030"},
        "sveriges-socialchefer": {"socialchefsdagarna-2020", "socialchefsdagarna-2030"},
    }


def test_load_seeds_makes_region_vasterbotten_co_organiser_of_aktuell_socialpolitik(seeded):
    co_organised = Organiser.objects.get(slug="region-vasterbotten").co_organised_events

    assert set(co_organised.values_list("slug", flat=True)) == {
        "aktuell-socialpolitik-2019",
        "aktuell-socialpolitik-2030",
    }


def test_aktuell_socialpolitik_2019_programme_spans_three_days(seeded):
    event = Event.objects.get(slug="aktuell-socialpolitik-2019")

    assert local_dates(event.sessions.all()) == {
        dt.date(2019, 5, 14),
        dt.date(2019, 5, 15),
        dt.date(2019, 5, 16),
    }
    assert timezone.localtime(event.starts_at) == dt.datetime(2019, 5, 14, 10, tzinfo=STOCKHOLM)
    assert timezone.localtime(event.ends_at) == dt.datetime(2019, 5, 16, 12, 30, tzinfo=STOCKHOLM)


def test_aktuell_socialpolitik_2019_closes_with_malin_lindberg_on_thursday(seeded):
    talks = Session.objects.filter(
        event__slug="aktuell-socialpolitik-2019", kind=Session.Kind.TALK
    ).order_by("starts_at")
    last = talks.last()

    assert list(last.speakers.values_list("name", flat=True)) == ["Malin Lindberg"]
    assert timezone.localdate(last.starts_at) == dt.date(2019, 5, 16)
    assert timezone.localdate(last.starts_at).strftime("%A") == "Thursday"


def test_kisa_seminar_2017_has_the_cks_researchers(seeded):
    event = Event.objects.get(slug="nar-resurserna-inte-racker-2017")
    speakers = Speaker.objects.filter(sessions__event=event).distinct()

    assert timezone.localdate(event.starts_at) == dt.date(2017, 4, 27)
    assert event.venue.city == "Kisa"
    assert set(speakers.values_list("name", flat=True)) == {"Kerstin Johansson", "Robert Jonsson"}


def test_load_seeds_creates_every_named_speaker_with_a_bio(seeded):
    speakers = Speaker.objects.filter(name__in=NAMED_SPEAKERS)

    assert set(speakers.values_list("name", flat=True)) == NAMED_SPEAKERS
    assert speakers.filter(bio="").count() == 0


def test_load_seeds_publishes_a_summary_of_each_study_day_talk(seeded):
    materials = Material.objects.filter(event__slug="framtidens-socialtjanst-2019")

    assert materials.count() == 7
    assert materials.filter(kind=Material.Kind.SUMMARY, published=True).count() == 7
    assert materials.filter(text="").count() == 0
    assert materials.filter(session__isnull=True).count() == 0


def test_aktuell_socialpolitik_2019_has_check_ins_per_day_certificates_and_a_survey(seeded):
    event = Event.objects.get(slug="aktuell-socialpolitik-2019")
    days = event.days

    per_day = [
        DayAttendance.objects.filter(registration__event=event, day=day).count() for day in days
    ]
    assert per_day == [20, 19, 14]
    assert event.certificate_settings.send_to == "attended"
    assert (
        Certificate.objects.filter(registration__event=event, emailed_at__isnull=False).count()
        == 21
    )
    summary = surveys.results(event.survey)
    assert (summary.responses, summary.invited) == (14, 21)
    overall = summary.questions[0]
    assert overall.counts == [("1", 0, 0), ("2", 1, 7), ("3", 2, 14), ("4", 6, 43), ("5", 5, 36)]
    assert len(summary.questions[-1].texts) == 8


def test_load_seeds_twice_changes_no_row(seeded):
    before = snapshot()

    with time_machine.travel(FROZEN + dt.timedelta(hours=1), tick=False):
        load()

    assert snapshot() == before


def test_load_seeds_on_a_later_day_moves_upcoming_editions_without_duplicates(seeded):
    counts = {model.__name__: model.objects.count() for model in SEEDED_MODELS}
    session_pks = set(Session.objects.values_list("pk", flat=True))
    before = Event.objects.get(slug="studiedagen-2030").starts_at

    with time_machine.travel(FROZEN + dt.timedelta(days=7), tick=False):
        load()

    assert {model.__name__: model.objects.count() for model in SEEDED_MODELS} == counts
    assert set(Session.objects.values_list("pk", flat=True)) == session_pks
    assert Event.objects.get(slug="studiedagen-2030").starts_at == before + dt.timedelta(days=7)


def test_load_seeds_updates_rows_from_an_edited_file(frozen, tmp_path):
    directory = tmp_path / "seeds"
    shutil.copytree(SEEDS, directory)
    load("--directory", str(directory))
    event = Event.objects.get(slug="verkstad-budget-med-langre-sikt-2030")
    path = directory / "cks.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("capacity = 12\n", "capacity = 16\n"),
        encoding="utf-8",
    )

    load("--directory", str(directory))

    updated = Event.objects.get(slug="verkstad-budget-med-langre-sikt-2030")
    assert (updated.pk, updated.capacity) == (event.pk, 16)


def test_upcoming_editions_are_in_the_future_and_open_for_registration(seeded):
    now = timezone.now()
    upcoming = Event.objects.filter(starts_at__gt=now)
    states = {event.slug: event.registration_state for event in upcoming}

    assert set(states) == UPCOMING
    assert states == {
        slug: (
            RegistrationState.WAITING_LIST
            if slug == "verkstad-budget-med-langre-sikt-2030"
            else RegistrationState.OPEN
        )
        for slug in UPCOMING
    }
    assert upcoming.filter(cancellation_deadline__gt=now).count() == len(UPCOMING)


def test_archive_events_closed_their_registration_before_they_started(seeded):
    archive = Event.objects.exclude(slug__in=UPCOMING)

    assert archive.count() == 4
    for event in archive:
        assert event.registration_opens_at < event.registration_closes_at < event.starts_at
        assert event.registration_state == RegistrationState.CLOSED


def test_full_demo_workshop_has_twelve_confirmed_and_two_waitlisted(seeded):
    event = Event.objects.get(slug="verkstad-budget-med-langre-sikt-2030")
    statuses = list(event.registrations.order_by("pk").values_list("status", flat=True))

    assert event.capacity == 12
    assert statuses == ["confirmed"] * 12 + ["waitlisted"] * 2
    assert event.seats_left == 0
    assert event.registration_state == RegistrationState.WAITING_LIST


def test_cks_seminar_shows_seats_left(seeded):
    event = Event.objects.get(slug="forebyggande-arbete-som-strategi-2030")

    assert (event.capacity, event.seats_left) == (50, 43)


def test_aktuell_socialpolitik_upcoming_is_a_hybrid_with_choices_and_prices(seeded):
    event = Event.objects.get(slug="aktuell-socialpolitik-2030")
    selectable = event.sessions.filter(selectable=True).order_by("starts_at", "title")

    assert (event.format, event.capacity, event.online_capacity) == ("hybrid", 200, 300)
    assert len(local_dates(event.sessions.all())) == 3
    assert [(s.title, s.capacity) for s in selectable] == [
        ("Workshop A: Våld i nära relationer – samverkan i glesbygd", 40),
        ("Workshop B: Digitalt försörjningsstöd", 40),
        ("Workshop C: Arbetsmiljö för socialsekreterare", 30),
        ("Konferensmiddag", 160),
    ]
    assert list(event.price_options.values_list("name", "amount")) == [
        ("Hela konferensen, på plats", 4200),
        ("En dag, på plats", 1900),
        ("Hela konferensen, digitalt", 1500),
    ]
    assert list(event.questions.values_list("kind", flat=True)) == ["yes_no", "short_text"]
    assert event.registrations.filter(attendance_mode="online").count() == 2


def test_aktuell_socialpolitik_workshops_dinner_and_their_prices_are_on_site_only(seeded):
    event = Event.objects.get(slug="aktuell-socialpolitik-2030")
    selectable = event.sessions.filter(selectable=True).order_by("starts_at", "title")

    assert [(s.title[:10], s.attendance_mode) for s in selectable] == [
        ("Workshop A", "on_site"),
        ("Workshop B", "on_site"),
        ("Workshop C", "on_site"),
        ("Konferensm", "on_site"),
    ]
    assert set(
        event.sessions.filter(selectable=False).values_list("attendance_mode", flat=True)
    ) == {""}
    assert list(event.price_options.values_list("name", "attendance_mode")) == [
        ("Hela konferensen, på plats", "on_site"),
        ("En dag, på plats", "on_site"),
        ("Hela konferensen, digitalt", "online"),
    ]


def test_seeded_bookings_have_consent_and_fake_addresses(seeded):
    bookings = Booking.objects.all()
    registrations = Registration.objects.all()

    assert bookings.filter(consent_at__isnull=True).count() == 0
    assert bookings.exclude(contact_email__endswith="@example.se").count() == 0
    assert registrations.exclude(email__endswith="@example.se").count() == 0
    assert Event.objects.exclude(contact_email__endswith="@example.se").count() == 0


def test_every_event_has_texts_contact_and_place(seeded):
    for event in Event.objects.all():
        assert event.status == Event.Status.PUBLISHED
        assert event.summary != ""
        assert event.description != ""
        assert event.contact_name != ""
        assert event.series_id is not None
        assert event.venue_id is not None or event.format == Event.Format.ONLINE
    for venue in Venue.objects.all():
        assert "" not in (venue.street_address, venue.postal_code, venue.directions)
        assert venue.accessibility_notes != ""


def test_command_output_lists_admin_url_and_logins(settings, frozen):
    settings.SITE_URL = "http://127.0.0.1:8000"

    lines = load().splitlines()

    assert "Admin: http://127.0.0.1:8000/admin/" in lines
    usernames = [line.split()[0] for line in lines if line.startswith("  ") and " admin " in line]
    assert usernames == ["cks", "norrbotten", "vasterbotten", "sspf", "socialchefsdagarna"]
    assert f"Password of new demo users: {DEFAULT_DEMO_PASSWORD}" in lines


def test_demo_logins_are_staff_members_of_their_organiser(seeded):
    memberships = Membership.objects.order_by("user__username").values_list(
        "user__username", "organiser__slug", "role"
    )

    assert list(memberships) == [
        ("cks", "cks", "admin"),
        ("norrbotten", "norrbottens-kommuner", "admin"),
        ("norrbotten-entre", "norrbottens-kommuner", "door"),
        ("socialchefsdagarna", "sveriges-socialchefer", "admin"),
        ("sspf", "svensk-socialpolitisk-forening", "admin"),
        ("vasterbotten", "region-vasterbotten", "admin"),
    ]
    for user in get_user_model().objects.all():
        assert (user.is_staff, user.is_superuser) == (True, False)
        assert user.check_password(DEFAULT_DEMO_PASSWORD)


def test_load_seeds_keeps_a_changed_password(seeded):
    user = get_user_model().objects.get(username="cks")
    user.set_password("a better secret")
    user.save()

    load()

    user.refresh_from_db()
    assert user.check_password("a better secret")


def test_load_seeds_takes_the_demo_password_from_the_environment(monkeypatch, frozen):
    monkeypatch.setenv("DEMO_PASSWORD", "från-miljön-123")

    out = load()

    assert get_user_model().objects.get(username="sspf").check_password("från-miljön-123")
    assert "från-miljön-123" not in out


def test_load_seeds_creates_a_superuser_only_when_asked(frozen):
    load()
    assert get_user_model().objects.filter(is_superuser=True).count() == 0

    load("--superuser")

    admin = get_user_model().objects.get(is_superuser=True)
    assert (admin.username, admin.check_password(DEFAULT_DEMO_PASSWORD)) == ("admin", True)


def test_load_seeds_names_the_file_of_a_broken_reference(tmp_path):
    (tmp_path / "broken.toml").write_text(
        '[organiser]\nslug = "x"\nname = "X"\ncontact_email = "x@example.se"\n'
        '[[series]]\nslug = "s"\nname = "S"\n'
        '[[events]]\nslug = "e"\ntitle = "E"\nseries = "s"\nvenue = "Nowhere"\n'
        'date = 2020-01-01\nstart = "09:00"\nend = "10:00"\n',
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as error:
        load("--directory", str(tmp_path))

    assert str(error.value) == "broken.toml: missing key or unknown name 'Nowhere'"
    assert Organiser.objects.count() == 0


# What the demo shows of past events: portraits, documents, registrations


def test_some_speakers_have_initials_portraits_made_for_the_demo(seeded):
    with_photo = Speaker.objects.exclude(photo="").order_by("name")

    assert [(s.name, s.photo.name) for s in with_photo] == [
        ("Carolina Klockmo", "speakers/carolina-klockmo.png"),
        ("Håkan Olsson", "speakers/hakan-olsson.png"),
        ("Malin Lindberg", "speakers/malin-lindberg.png"),
        ("Åsa Furén Thulin", "speakers/asa-furen-thulin.png"),
    ]
    for speaker in with_photo:
        with default_storage.open(speaker.photo.name) as file, Image.open(file) as image:
            assert (image.format, image.size, image.mode) == ("PNG", (384, 384), "RGB")


def _pdf_text(name):
    with default_storage.open(name) as file:
        reader = PdfReader(io.BytesIO(file.read()))
        return [page.extract_text() for page in reader.pages]


def test_aktuell_socialpolitik_2019_has_its_programme_and_slides_as_files(seeded):
    event = Event.objects.get(slug="aktuell-socialpolitik-2019")

    materials = [
        (m.title, m.kind, m.file.name, m.published) for m in event.materials.order_by("order")
    ]

    assert materials == [
        (
            "Programmet (PDF)",
            "other",
            "materials/aktuell-socialpolitik-2019-programmet-pdf.pdf",
            True,
        ),
        (
            "Bilder: konferensens teman",
            "slides",
            "materials/aktuell-socialpolitik-2019-bilder-konferensens-teman.pdf",
            True,
        ),
    ]
    programme = "\n".join(_pdf_text(materials[0][2])).splitlines()
    assert programme[:3] == [
        "Program",
        "Aktuell Socialpolitik 2019, 14–16 maj 2019",
        "Konferenshuset Norra hamn, Luleå",
    ]
    days = [line for line in programme if line.endswith(" maj 2019") and "–" not in line]
    assert days == ["Tisdag 14 maj 2019", "Onsdag 15 maj 2019", "Torsdag 16 maj 2019"]
    assert "Social innovation för kommunal förnyelse" in programme
    slides = _pdf_text(materials[1][2])
    assert [page.splitlines()[0] for page in slides] == [
        "Aktuell Socialpolitik 2019",
        "Dag 1: Tisdag 14 maj 2019",
        "Dag 2: Onsdag 15 maj 2019",
        "Dag 3: Torsdag 16 maj 2019",
        "Tack för att du var med!",
    ]


def test_archive_events_have_registrations_for_the_dashboard(seeded):
    event = Event.objects.get(slug="aktuell-socialpolitik-2019")

    dashboard = event_dashboard(event)

    assert dashboard.counts == {"confirmed": 3, "waitlisted": 1, "cancelled": 2, "attended": 21}
    assert dashboard.weekly is True
    assert (len(dashboard.periods), dashboard.periods[-1].total) == (11, 27)
    assert dashboard.municipalities[:3] == [
        ("Luleå kommun", 4),
        ("Piteå kommun", 3),
        ("Haparanda stad", 2),
    ]
    assert dashboard.regions == [("Region Norrbotten", 19), ("Region Västerbotten", 5)]
    assert dashboard.dietary == [
        ("Vegetarisk kost", 2),
        ("Glutenfri kost", 1),
        ("Laktosfri kost", 1),
        ("Vegansk kost", 1),
    ]
    kisa = Event.objects.get(slug="nar-resurserna-inte-racker-2017")
    assert event_dashboard(kisa).counts == {
        "confirmed": 1,
        "waitlisted": 1,
        "cancelled": 1,
        "attended": 6,
    }


def test_archive_events_used_their_waiting_lists_for_the_statistics(seeded):
    from backoffice.statistics import statistics
    from events.models import Organiser

    stats = statistics(organiser=Organiser.objects.get(slug="norrbottens-kommuner"))

    [past] = [row.figures for row in stats.events if row.event.slug == "aktuell-socialpolitik-2019"]
    assert (past.attended, past.no_shows, past.cancelled) == (21, 3, 2)
    assert (past.waitlisted, past.got_place, past.still_waiting) == (2, 1, 1)


def test_archive_registrations_were_made_while_registration_was_open(seeded):
    past = Event.objects.filter(starts_at__lt=timezone.now(), registrations__isnull=False)
    events = list(past.distinct().order_by("starts_at"))
    assert [event.slug for event in events] == [
        "nar-resurserna-inte-racker-2017",
        "aktuell-socialpolitik-2019",
    ]
    for event in events:
        made = event.registrations.values_list("created_at", flat=True)
        assert event.registration_opens_at <= min(made)
        assert max(made) < event.registration_closes_at
        for registration in event.registrations.all():
            checked_in = registration.status == Registration.Status.ATTENDED
            assert (registration.checked_in_at is not None) == checked_in
            cancelled = registration.status == Registration.Status.CANCELLED
            assert (registration.cancelled_at is not None) == cancelled
            assert registration.booking.consent_at == registration.booking.created_at


def test_load_seeds_twice_keeps_the_files_it_made(seeded):
    before = {folder: default_storage.listdir(folder)[1] for folder in ("speakers", "materials")}

    with time_machine.travel(FROZEN + dt.timedelta(hours=1), tick=False):
        load()

    after = {folder: default_storage.listdir(folder)[1] for folder in ("speakers", "materials")}
    assert after == before
    assert [len(names) for names in after.values()] == [4, 3]


def test_demo_co_organiser_works_on_the_upcoming_edition_only(seeded):
    from events.models import Event

    working = Event.objects.filter(co_organiser_access__slug="region-vasterbotten")
    named = Event.objects.filter(co_organisers__slug="region-vasterbotten")

    assert [event.slug.rsplit("-", 1)[0] for event in working] == ["aktuell-socialpolitik"]
    assert named.count() == 2
    assert working.get().starts_at > timezone.now()
