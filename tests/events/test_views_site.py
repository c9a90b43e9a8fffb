"""What every public page shares: layout, landmarks, languages, error pages, no third parties."""

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.factories import (
    EventFactory,
    MaterialFactory,
    OrganiserFactory,
    SeriesFactory,
    SessionFactory,
    SessionSpeakerFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2019, 3, 1, 12, 0, tzinfo=STOCKHOLM)


class Tags(HTMLParser):
    """Every start tag of a page as (name, attributes)."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def named(self, name):
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def event():
    organiser = OrganiserFactory(slug="norrbottens-kommuner")
    event = EventFactory(
        slug="aktuell-socialpolitik-2019",
        starts_at=dt.datetime(2019, 5, 14, 10, tzinfo=STOCKHOLM),
        ends_at=dt.datetime(2019, 5, 16, 15, tzinfo=STOCKHOLM),
        organiser=organiser,
        series=SeriesFactory(organiser=organiser, slug="aktuell-socialpolitik"),
    )
    session = SessionFactory(event=event)
    SessionSpeakerFactory(session=session)
    MaterialFactory(event=event, session=session)
    EventFactory(
        organiser=event.organiser, series=event.series, starts_at=NOW - dt.timedelta(days=9)
    )
    return event


PAGES = [
    "/",
    "/arkiv/",
    "/evenemang/aktuell-socialpolitik-2019/",
    "/serier/aktuell-socialpolitik/",
    "/arrangorer/norrbottens-kommuner/",
    "/finns-inte/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_one_h1_landmarks_and_a_skip_link(client, event, path):
    tags = Tags(client.get(path).text)
    names = [tag for tag, _attrs in tags.tags]
    assert len(tags.named("h1")) == 1
    assert (names.count("header"), names.count("main"), names.count("footer")) == (1, 1, 1)
    assert tags.named("main")[0]["id"] == "main"
    assert tags.named("a")[0] == {"class": "skip-link", "href": "#main"}
    assert tags.named("nav")[0]["aria-label"] != ""
    assert tags.named("meta")[1] == {
        "name": "viewport",
        "content": "width=device-width, initial-scale=1",
    }


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_nothing_from_other_hosts(client, event, path):
    tags = Tags(client.get(path).text)
    addresses = [attrs.get("href", "") for attrs in tags.named("link")]
    addresses += [
        attrs.get("src", "") for name in ("script", "img", "iframe") for attrs in tags.named(name)
    ]
    assert addresses == [
        "/favicon.ico",
        "/static/favicon.svg",
        "/apple-touch-icon.png",
        "/static/bootstrap/css/bootstrap.min.css",
        "/static/css/site.css",
        "/static/bootstrap/js/bootstrap.bundle.min.js",
    ]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_swedish_by_default(client, event, path):
    assert Tags(client.get(path).text).named("html") == [{"lang": "sv"}]


def test_page_in_english_with_the_language_cookie(client, settings, event):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/").text
    assert Tags(text).named("html") == [{"lang": "en"}]
    assert "<h1>Upcoming events</h1>" in text
    assert '<time datetime="2019-05-14">14–16 May 2019</time>' in text


def test_page_in_swedish_shows_swedish_dates(client, event):
    assert '<time datetime="2019-05-14">14–16 maj 2019</time>' in client.get("/").text


def test_language_switcher_links_to_the_other_language_and_current_address(client, event):
    tags = Tags(client.get("/arkiv/?serie=aktuell-socialpolitik").text)
    links = [attrs for attrs in tags.named("a") if attrs.get("hreflang")]
    assert links == [
        {
            "class": "btn btn-outline-dark btn-sm",
            "href": "/sprak/en/?next=/arkiv/%3Fserie%3Daktuell-socialpolitik",
            "lang": "en",
            "hreflang": "en",
        }
    ]
    assert [attrs for attrs in tags.named("form") if attrs.get("method") == "post"] == []


def test_language_link_sets_english_and_returns(client, settings):
    response = client.get("/sprak/en/", {"next": "/arkiv/?sida=2"})
    assert (response.status_code, response["Location"]) == (302, "/arkiv/?sida=2")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["path"], cookie["samesite"]) == ("en", "/", "")
    assert Tags(client.get("/arkiv/").text).named("html") == [{"lang": "en"}]


def test_language_link_does_not_redirect_to_another_site(client, settings):
    response = client.get("/sprak/en/", {"next": "https://evil.example/"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_language_link_ignores_an_unknown_language(client, settings):
    response = client.get("/sprak/xx/", {"next": "/arkiv/"})
    assert (response.status_code, response["Location"]) == (302, "/arkiv/")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_django_set_language_still_sets_english_and_returns(client, settings):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/arkiv/"})
    assert (response.status_code, response["Location"]) == (302, "/arkiv/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_menu_marks_the_current_page(client):
    tags = Tags(client.get("/arkiv/").text)
    current = [attrs["href"] for attrs in tags.named("a") if attrs.get("aria-current") == "page"]
    assert current == ["/arkiv/"]


def test_footer_links_to_privacy_notice_and_accessibility_statement(client):
    footer = client.get("/").text.split("<footer")[1]
    assert [attrs["href"] for attrs in Tags(footer).named("a")] == [
        "/integritet/",
        "/tillganglighet/",
        "/admin/",
    ]


def test_404_page_is_swedish_with_status_404(client):
    response = client.get("/evenemang/finns-inte/")
    tags = Tags(response.text)
    assert response.status_code == 404
    assert tags.named("html") == [{"lang": "sv"}]
    assert len(tags.named("h1")) == 1


def test_500_page_renders_without_request_or_context():
    text = render_to_string("500.html")
    tags = Tags(text)
    assert tags.named("html") == [{"lang": "sv"}]
    assert len(tags.named("h1")) == 1
    assert tags.named("a")[0] == {"class": "skip-link", "href": "#main"}
    assert [attrs["href"] for attrs in tags.named("link")] == [
        "/static/bootstrap/css/bootstrap.min.css",
        "/static/css/site.css",
    ]


def test_500_view_uses_the_page():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert len(Tags(response.content.decode()).named("h1")) == 1


def test_messages_are_rendered_with_roles():
    from django.contrib.messages.storage.base import Message

    text = render_to_string(
        "includes/messages.html",
        {"messages": [Message(40, "Något gick fel."), Message(25, "Klart.")]},
    )
    assert Tags(text).named("div")[1:] == [
        {"class": "alert alert-danger", "role": "alert"},
        {"class": "alert alert-success", "role": "status"},
    ]


def test_favicon_and_every_linked_icon_are_served(client):
    icons = [
        attrs["href"]
        for attrs in Tags(client.get("/").text).named("link")
        if "icon" in attrs["rel"]
    ]

    responses = {path: client.get(path) for path in ["/favicon.ico", *icons]}

    assert icons == ["/favicon.ico", "/static/favicon.svg", "/apple-touch-icon.png"]
    assert {path: r.status_code for path, r in responses.items()} == dict.fromkeys(responses, 200)
    assert responses["/favicon.ico"]["Content-Type"] == "image/x-icon"
    assert responses["/static/favicon.svg"]["Content-Type"] == "image/svg+xml"
