"""Anonymous event pages answered from the cache before most of the middleware."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend")]

REACHED = []


class Inner:
    """A middleware at the end of the stack: says whether a request got that far."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        REACHED.append(request.path)
        return self.get_response(request)


@pytest.fixture(autouse=True)
def inner(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.Inner"]
    REACHED.clear()
    return REACHED


def url(event):
    return reverse("events:event", args=[event.slug])


def test_a_cached_page_is_answered_before_the_rest_of_the_stack_with_the_same_headers(
    client, inner, django_assert_num_queries
):
    event = EventFactory(title="Välfärd för alla")
    full = client.get(url(event))
    assert inner == [url(event)]

    with django_assert_num_queries(1):
        short = client.get(url(event))

    assert inner == [url(event)]  # not reached the second time
    assert (short.status_code, short.content) == (200, full.content)
    for header in (
        "Content-Type",
        "Content-Language",
        "Vary",
        "X-Frame-Options",
        "ETag",
        "Cache-Control",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert short[header] == full[header], header
    assert not short.cookies


def test_a_revisit_with_the_etag_gets_304_from_the_shortcut(client, inner):
    event = EventFactory()
    etag = client.get(url(event))["ETag"]

    response = client.get(url(event), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert inner == [url(event)]


def test_the_chosen_language_has_its_own_page(client):
    event = EventFactory()
    client.get(url(event))
    client.cookies["django_language"] = "en"

    english = client.get(url(event))
    client.get(url(event))
    again = client.get(url(event))

    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.text
    assert again.content == english.content


def test_logged_in_staff_and_query_strings_go_the_ordinary_way(client, inner):
    event = EventFactory()
    client.get(url(event))
    client.get(url(event) + "?utm=x")
    staff = UserFactory()
    staff.save()  # the factory sets the password without saving it
    client.force_login(staff)
    client.get(url(event))

    assert inner == [url(event)] * 3


def test_an_unknown_event_goes_the_ordinary_way_to_its_404(client, inner):
    response = client.get("/evenemang/finns-inte/")

    assert response.status_code == 404
    assert inner == ["/evenemang/finns-inte/"]
