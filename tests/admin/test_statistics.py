"""Statistics across an organiser's events, per year and per series."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.statistics import Figures, statistics, year_chart
from events.models import Membership
from tests.factories import (
    BookingFactory,
    EventFactory,
    MembershipFactory,
    OrganiserFactory,
    RegistrationFactory,
    SeriesFactory,
    UserFactory,
)

from .conftest import SECRET

pytestmark = pytest.mark.django_db

URL = reverse("admin:events_event_statistics")


def _at(year, month=5, day=14):
    return timezone.make_aware(dt.datetime(year, month, day, 9))


def _people(event, *statuses, municipality="2580"):
    booking = BookingFactory(event=event)
    made = []
    for status in statuses:
        waited = status.startswith("waited-")
        status = status.removeprefix("waited-")
        extra = {}
        if status == "cancelled-active":
            status, extra = "cancelled", {"status_before_cancellation": "confirmed"}
        made.append(
            RegistrationFactory(
                booking=booking,
                status=status,
                municipality_code=municipality,
                waitlisted_at=timezone.now() if waited or status == "waitlisted" else None,
                **extra,
            )
        )
    return made


@pytest.fixture
def organiser():
    organiser = OrganiserFactory(name="Norrbottens Kommuner", slug="norrbotten")
    series = SeriesFactory(organiser=organiser, name="Aktuell Socialpolitik")
    old = EventFactory(
        organiser=organiser, series=series, title="ASP 2019", starts_at=_at(2019), capacity=10
    )
    _people(old, "attended", "attended", "confirmed", "cancelled", "waited-attended")
    _people(old, "waitlisted", "waited-cancelled-active", municipality="2480")
    other = EventFactory(organiser=organiser, title="Studiedag 2019", starts_at=_at(2019, 9))
    _people(other, "attended", municipality="")
    coming = EventFactory(
        organiser=organiser, series=series, title="ASP nästa år", starts_at=timezone.now()
    )
    coming.starts_at = coming.ends_at = timezone.now() + dt.timedelta(days=40)
    coming.ends_at += dt.timedelta(hours=6)
    coming.save()
    _people(coming, "confirmed", "waitlisted", municipality="25")
    draft = EventFactory(organiser=organiser, status="draft", starts_at=_at(2018))
    _people(draft, "confirmed")
    cancelled = EventFactory(organiser=organiser, status="cancelled", starts_at=_at(2018))
    _people(cancelled, "cancelled")
    return {"organiser": organiser, "series": series, "coming": coming}


@pytest.fixture
def as_admin(client, organiser):
    user = UserFactory(username="nk-admin")
    user.save()
    MembershipFactory(organiser=organiser["organiser"], user=user, role=Membership.Role.ADMIN)
    client.force_login(user)
    return client


def test_statistics_per_event_and_year(organiser):
    stats = statistics(organiser=organiser["organiser"])

    assert [(row.event.title, row.figures) for row in stats.events] == [
        (
            "ASP 2019",
            Figures(
                registrations=7,
                attended=3,
                no_shows=1,
                confirmed=0,
                cancelled=2,
                waitlisted=3,
                got_place=2,
                still_waiting=1,
            ),
        ),
        ("Studiedag 2019", Figures(registrations=1, attended=1)),
        ("ASP nästa år", Figures(registrations=2, confirmed=1, waitlisted=1, still_waiting=1)),
    ]
    next_year = timezone.localtime(organiser["coming"].starts_at).year
    assert [(y.year, y.events, y.figures.registrations) for y in stats.years] == [
        (2019, 2, 8),
        (next_year, 1, 2),
    ]
    assert stats.years[0].figures.attendance_percent == 80
    assert stats.total.registrations == 10


def test_statistics_by_municipality_and_region(organiser):
    stats = statistics(organiser=organiser["organiser"])

    assert [(p.name, p.participants, p.attended) for p in stats.municipalities] == [
        ("Luleå kommun", 4, 3),
    ]
    assert [(p.name, p.participants, p.attended) for p in stats.regions] == [
        ("Region Norrbotten", 5, 3),
    ]
    assert stats.without_code == 1


def test_statistics_of_one_series(organiser):
    stats = statistics(organiser=organiser["organiser"], series=organiser["series"])

    assert [row.event.title for row in stats.events] == ["ASP 2019", "ASP nästa år"]


def test_year_chart_bars_are_in_proportion():
    years = statistics.__globals__["YearFigures"]
    chart = year_chart(
        [
            years(2019, 1, Figures(registrations=10, attended=6, no_shows=2, cancelled=2)),
            years(2020, 1, Figures(registrations=5, attended=5)),
        ],
        width=116,
        left=8,
        right=8,
    )

    assert chart.scale == 10
    assert [(bar.year, bar.total, bar.parts) for bar in chart.bars] == [
        (
            2019,
            10,
            [("attended", 8.0, 60.0, 6), ("no_shows", 68.0, 20.0, 2), ("cancelled", 88.0, 20.0, 2)],
        ),
        (2020, 5, [("attended", 8.0, 50.0, 5)]),
    ]


def test_statistics_page_shows_chart_and_tables(as_admin, organiser):
    response = as_admin.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["organiser"] == organiser["organiser"]
    assert '<rect class="stat-attended"' in page
    assert '<th scope="row">Luleå kommun</th><td>4</td><td>3</td>' in page
    assert "80 %" in page
    assert "Studiedag 2019" in page


def test_statistics_page_of_a_series(as_admin, organiser):
    response = as_admin.get(
        URL, {"organiser": organiser["organiser"].pk, "series": organiser["series"].pk}
    )

    assert [row.event.title for row in response.context["stats"].events] == [
        "ASP 2019",
        "ASP nästa år",
    ]
    assert "Studiedag 2019" not in response.content.decode()


def test_statistics_csv_export_neutralises_formulas(as_admin, organiser):
    organiser["coming"].title = '=HYPERLINK("http://x")'
    organiser["coming"].save()

    response = as_admin.get(URL, {"organiser": organiser["organiser"].pk, "format": "csv"})

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="statistik-norrbotten-alla-'
    )
    assert text.startswith("\ufeffPer evenemang\r\nEvenemang;Datum;Serie;Anmälningar;Incheckade;")
    assert "ASP 2019;2019-05-14;Aktuell Socialpolitik;7;3;1;0;2;3;2;1\r\n" in text
    assert "'=HYPERLINK" in text
    assert "\r\nLuleå kommun;4;3\r\n" in text


def test_statistics_xlsx_export_has_a_sheet_per_table(as_admin, organiser):
    response = as_admin.get(URL, {"format": "xlsx"})

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Per evenemang", "Per år", "Kommuner", "Regioner"]
    assert [c.value for c in book["Per år"][2]] == ["2019", 2, 8, 4, 1, 0, 2, 3, 2, 1]


def test_statistics_of_another_organiser_are_not_shown(client, world):
    client.force_login(world["b"]["admin"])

    response = client.get(URL, {"organiser": world["a"]["organiser"].pk})
    export = client.get(URL, {"organiser": world["a"]["organiser"].pk, "format": "csv"})

    assert response.context["organiser"] == world["b"]["organiser"]
    assert SECRET not in response.content.decode()
    assert SECRET not in export.content.decode()
    assert [row.event.title for row in response.context["stats"].events] == ["Konferens B"]


def test_statistics_not_for_door_staff(client, world):
    client.force_login(world["a"]["door"])

    response = client.get(URL)
    index = client.get(reverse("admin:index"))

    assert response.status_code == 403
    assert URL not in index.content.decode()


def test_statistics_link_on_the_admin_index_for_organiser_admins(client, world):
    client.force_login(world["a"]["admin"])

    assert URL in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("events", [1, 4])
def test_statistics_page_queries_do_not_grow_with_events(client, events, django_assert_num_queries):
    organiser = OrganiserFactory()
    for number in range(events):
        event = EventFactory(organiser=organiser, starts_at=_at(2015 + number))
        _people(event, "attended", "confirmed")
    user = UserFactory()
    user.save()
    MembershipFactory(organiser=organiser, user=user, role=Membership.Role.ADMIN)
    client.force_login(user)

    with django_assert_num_queries(13):
        response = client.get(URL)

    assert len(response.context["stats"].events) == events
