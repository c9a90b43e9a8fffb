"""The 503 page for a database that does not answer, and the 500 page for other
errors (config.pages). A real outage, with a PostgreSQL stopped under a running
server, is in tests/robustness/test_database_unavailable.py."""

from django.db import OperationalError
from django.test import RequestFactory

from config.pages import database_unavailable, server_error


def test_database_unavailable_page_is_swedish_and_asks_to_try_again():
    response = database_unavailable(RequestFactory().get("/evenemang/seminarium/"))

    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="sv">' in html
    assert "<h1>En kort paus</h1>" in html
    assert "Försök igen om en liten stund." in html
    assert "gå tillbaka med webbläsarens bakåtknapp, där finns formuläret kvar" in html
    assert "blir ingen anmäld två gånger när du skickar igen" in html


def test_server_error_for_a_database_error_is_the_503_page():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed")
    except OperationalError:
        response = server_error(request)

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "connection to server" not in response.content.decode()


def test_server_error_for_other_errors_is_the_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in response.content.decode()
