import pytest
from django.urls import reverse

from config.pages import SUPERVISION_URL
from events.models import Event
from tests.factories import EventFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def _statement(client):
    return client.get(reverse("accessibility"))


def test_accessibility_statement_url_is_swedish():
    assert reverse("accessibility") == "/tillganglighet/"


def test_accessibility_statement_lists_organisers_of_published_events(client):
    shown = EventFactory(organiser__name="Svensk socialpolitisk förening").organiser
    EventFactory(organiser__name="Utkastets arrangör", status=Event.Status.DRAFT)
    OrganiserFactory(name="Arrangör utan evenemang")

    response = _statement(client)

    assert response.status_code == 200
    assert list(response.context["organisers"]) == [shown]
    assert f'href="mailto:{shown.contact_email}"' in response.content.decode()


def test_accessibility_statement_links_the_supervising_agency(client):
    response = _statement(client)

    assert response.context["supervision_url"] == SUPERVISION_URL
    assert response.content.decode().count(f'href="{SUPERVISION_URL}"') == 1


def test_accessibility_statement_shows_site_contact_when_configured(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.se"

    response = _statement(client)

    assert response.content.decode().count('href="mailto:tillganglighet@example.se"') == 1


def test_accessibility_statement_hides_site_contact_when_not_configured(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    response = _statement(client)

    assert response.context["site_contact_email"] == ""
    assert "mailto:tillganglighet" not in response.content.decode()


@pytest.mark.parametrize("organisers", [1, 4])
def test_accessibility_statement_query_count_same_for_one_or_many_organisers(
    client, django_assert_num_queries, organisers
):
    for _ in range(organisers):
        EventFactory.create_batch(2)

    with django_assert_num_queries(1):
        response = _statement(client)

    assert len(response.context["organisers"]) == organisers * 2
