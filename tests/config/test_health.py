"""/healthz for load balancers: 200 when the database and the cache answer, 503
otherwise, with no details either way."""

import pytest

from tests.redis_support import free_port, redis_cache_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_answer(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert (response.status_code, response.content) == (200, b"ok\n")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_on_redis_answers_200(client, redis_cache):
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_without_details_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")

    response = client.get("/healthz")

    assert (response.status_code, response.content) == (503, b"unavailable\n")


def test_healthz_answers_a_probe_by_address_over_plain_http_in_production(client, settings):
    settings.ALLOWED_HOSTS = ["anmalan.example.se"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_healthz_sets_no_cookie_and_starts_no_session(client):
    response = client.get("/healthz/")

    assert (response.status_code, dict(response.cookies)) == (200, {})
