"""Door staff in the admin: every link and breadcrumb leads to what they may use, and a
page they may not use says so in Swedish."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SKIPPED = ("/admin/logout/", "/admin/password_change/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith("#"):
            self.links.append(href)


def _internal(url, href):
    """``href`` seen on ``url`` as an admin or check-in address to follow, or None.

    Query strings are dropped but for the event a list is filtered to, so the walk
    stays short and still reaches each event's lists.
    """
    parts = urlsplit(urljoin(url, href))
    if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED):
        return None
    if not parts.path.startswith(("/admin/", "/incheckning/")):
        return None
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query) if key == "event"])
    return f"{parts.path}?{query}" if query else parts.path


def _walk(client, start):
    """{address: (status, the pages linking to it)} of every page reachable from ``start``."""
    found, queue, status = {start: {"start"}}, [start], {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        status[url] = response.status_code
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = _internal(url, href)
            if target is None:
                continue
            if target not in found:
                found[target] = set()
                queue.append(target)
            found[target].add(url)
    return {url: (code, sorted(found[url])) for url, code in status.items()}


def test_door_staff_links_lead_only_to_what_they_may_use(client, world):
    client.force_login(world["a"]["door"])

    pages = _walk(client, "/admin/")

    refused = {url: page for url, page in pages.items() if page[0] not in (200, 302)}
    assert refused == {}
    event = world["a"]["event"].pk
    assert pages[f"/admin/events/event/{event}/export/"][0] == 200
    assert pages[f"/incheckning/{event}/"][0] == 200


def test_door_staff_see_the_event_and_booking_of_a_registration_as_text(client, world):
    client.force_login(world["a"]["door"])
    registration = world["a"]["registration"]

    response = client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    )

    fields = {
        field.field["name"]: field.contents()
        for fieldset in response.context["adminform"]
        for line in fieldset
        for field in line
        if field.field["name"] in ("event_title", "booking_reference")
    }
    assert fields == {
        "event_title": "hemligt-a-Konferens A",
        "booking_reference": str(registration.booking),
    }


def test_organiser_admins_see_the_event_and_booking_of_a_registration_as_links(client, world):
    client.force_login(world["a"]["admin"])
    registration = world["a"]["registration"]

    content = client.get(
        reverse("admin:registrations_registration_change", args=[registration.pk])
    ).content.decode()

    for url in (
        reverse("admin:events_event_change", args=[registration.event_id]),
        reverse("admin:registrations_booking_change", args=[registration.booking_id]),
        reverse("admin:registrations_question_change", args=[world["a"]["question"].pk]),
    ):
        assert f'href="{url}"' in content


def test_a_page_door_staff_may_not_use_says_so_in_swedish(client, world):
    client.force_login(world["a"]["door"])

    response = client.get(reverse("admin:events_event_change", args=[world["a"]["event"].pk]))

    assert response.status_code == 403
    assert [template.name for template in response.templates][:2] == ["403.html", "base.html"]
    content = response.content.decode()
    assert "<title>Ingen åtkomst – Anmälan</title>" in content
    assert '<a href="/admin/">Gå till administrationens startsida</a>' in content


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("door", "admin:events_event_export"),
        ("admin", "admin:events_event_export"),
        ("admin", "admin:events_event_dashboard"),
        ("admin", "admin:events_event_message"),
    ],
)
def test_our_admin_pages_have_the_admins_breadcrumbs_bar(client, world, who, page):
    """Django's admin styles div.breadcrumbs inside its one breadcrumbs <nav>."""
    client.force_login(world["a"][who])

    content = client.get(reverse(page, args=[world["a"]["event"].pk])).content.decode()

    assert (content.count('<div class="breadcrumbs">'), content.count("<nav")) == (1, 2)
