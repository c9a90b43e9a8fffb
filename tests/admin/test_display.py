"""What the admin shows of answers, prices and times: words and the site's style."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from registrations.models import Answer, Registration
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

SIGNED_UP = dt.datetime(2026, 3, 2, 10, 15, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _registration_page(client, registration):
    url = reverse("admin:registrations_registration_change", args=[registration.pk])
    return " ".join(client.get(url).content.decode().split())


def test_registration_page_shows_a_yes_no_answer_as_a_word(as_a, world):
    a = world["a"]
    question = QuestionFactory(event=a["event"], text="Vill du åka buss?", kind="yes_no")
    Answer.objects.create(registration=a["registration"], question=question, value="yes")

    content = _registration_page(as_a, a["registration"])

    assert '<td class="field-answer"> <p>Ja</p> </td>' in content
    assert '<td class="field-answer"> <p>hemligt-a-svar</p> </td>' in content


def test_registration_page_shows_times_as_the_site_writes_them(as_a, world):
    registration = world["a"]["registration"]
    Registration.objects.filter(pk=registration.pk).update(created_at=SIGNED_UP)

    content = _registration_page(as_a, registration)

    assert '<div class="readonly">2 mars 2026 kl. 10.15</div>' in content


def test_booking_page_shows_the_price_with_grouped_thousands(as_a, world):
    booking = world["a"]["booking"]

    content = as_a.get(reverse("admin:registrations_booking_change", args=[booking.pk])).content

    assert '<div class="readonly">hemligt-a-Pris A (1\xa0200\xa0kr)</div>' in content.decode()
