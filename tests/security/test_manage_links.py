"""Manage links cannot be guessed or enumerated: 256-bit random tokens, and an
unknown token is told apart from a malformed one by nothing."""

import base64
import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from registrations.models import Booking, Registration, new_manage_token
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def page(response, url):
    """The page without what differs by request anyway: the address itself (the
    language switcher returns to it, URL-encoded in its links) and the CSRF token."""
    html = response.content.decode().replace(quote(url, safe="/"), "{url}").replace(url, "{url}")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "{csrf}", html)


URL_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_manage_token_carries_256_random_bits():
    token = new_manage_token()

    assert len(token) == 43
    assert set(token) <= URL_SAFE
    assert len(base64.urlsafe_b64decode(token + "=")) == 32


def test_manage_tokens_do_not_repeat_or_share_a_prefix():
    tokens = [new_manage_token() for _ in range(5000)]

    assert len(set(tokens)) == 5000
    assert len({token[:8] for token in tokens}) == 5000


def test_manage_tokens_are_unique_in_the_database():
    registration = RegistrationFactory()

    assert registration.manage_token != registration.booking.manage_token
    assert Registration._meta.get_field("manage_token").unique
    assert Booking._meta.get_field("manage_token").unique
    assert len(registration.manage_token) == len(registration.booking.manage_token) == 43


def test_manage_link_is_not_the_reference_or_the_primary_key():
    registration = RegistrationFactory()

    url = registration.get_absolute_url()

    assert url == f"/anmalan/{registration.manage_token}/"
    assert registration.reference not in url
    assert f"/{registration.pk}/" not in url


@pytest.mark.parametrize("name", ["registrations:manage", "registrations:cancel"])
def test_manage_link_unknown_and_malformed_tokens_get_the_same_404(client, name):
    registration = RegistrationFactory()
    known = registration.manage_token
    unknown = known[:-1] + ("A" if known[-1] != "A" else "B")
    candidates = [unknown, "kort", "x" * 64, "ä" * 43, "..%2F..", "0"]

    urls = [reverse(name, args=[token]) for token in candidates]
    responses = [client.get(url) for url in urls]

    assert [r.status_code for r in responses] == [404] * len(candidates)
    assert len({page(r, url) for r, url in zip(responses, urls, strict=True)}) == 1
    assert len({tuple(sorted(r.headers)) for r in responses}) == 1
    assert client.get(reverse(name, args=[known])).status_code == 200


def test_manage_link_posts_with_unknown_tokens_change_nothing(client):
    registration = RegistrationFactory()

    response = client.post(reverse("registrations:cancel", args=[new_manage_token()]))

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("attribute", ["registration", "booking"])
def test_manage_pages_are_not_indexed(client, attribute):
    registration = RegistrationFactory()
    target = registration if attribute == "registration" else registration.booking

    response = client.get(target.get_absolute_url())

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
