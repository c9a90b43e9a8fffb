"""The bench's visitor: what it sends of a form, and a real signup through it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from bench.client import FIRST_CHOICE, Browser, first_choice, form_errors, form_fields, sign_up
from bench.loadgen import FlowError
from registrations.models import Registration
from tests.factories import EventFactory, PriceOptionFactory

PAGE = """
<form method="post" action="/i18n/setlang/"><input type="hidden" name="next" value="/x/"></form>
<form method="post" novalidate id="signup-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="abc&amp;def">
  <input type="hidden" name="booking-submission_key" value="KEY">
  <input type="text" name="contact-first_name" required id="id_first">
  <input type="text" name="contact-city" value="Kisa">
  <input type="checkbox" name="contact-is_participant" checked>
  <input type="checkbox" name="newsletter" value="yes">
  <input type="radio" name="mode" value="on_site" checked>
  <input type="radio" name="mode" value="online">
  <input type="radio" name="participant-__prefix__-mode" value="on_site" checked>
  <input type="hidden" name="old" value="1" disabled>
  <input type="submit" name="add_participant" value="Lägg till">
</form>
<div class="alert"><ul>
  <li><a class="alert-link" href="#id_first">First name: <b>Enter</b> your first name.</a></li>
</ul></div>
"""


def test_form_fields_sends_what_a_browser_sends_before_typing():
    assert form_fields(PAGE, "booking-submission_key") == {
        "csrfmiddlewaretoken": ["abc&def"],
        "booking-submission_key": ["KEY"],
        "contact-city": ["Kisa"],
        "contact-is_participant": ["on"],
        "mode": ["on_site"],
    }


def test_form_fields_without_the_form_is_a_flow_error():
    with pytest.raises(FlowError, match="no form with 'booking-submission_key'"):
        form_fields("<form><input name='q'></form>", "booking-submission_key")


def test_form_errors_reads_the_error_summary_as_text():
    assert form_errors(PAGE) == ["First name: Enter your first name."]


def test_first_choice_is_the_first_value_offered():
    assert first_choice(PAGE, "mode") == "on_site"


def test_first_choice_of_a_missing_field_is_a_flow_error():
    with pytest.raises(FlowError, match="no choice for 'price'"):
        first_choice(PAGE, "price")


def answers(email):
    return {
        "contact-first_name": "Karin",
        "contact-last_name": "Bänkström",
        "contact-email": email,
        "contact-is_participant": "on",
        "participant-0-organisation": "Kinda kommun",
        "booking-consent": "on",
    }


@pytest.mark.django_db(transaction=True)
def test_sign_up_completes_a_signup_on_the_real_page(live_server):
    event = EventFactory(capacity=1)
    path = reverse("registrations:signup", args=[event.slug])

    first = sign_up(Browser(live_server.url, behind_tls=False), path, answers("a@example.org"))
    second = sign_up(Browser(live_server.url, behind_tls=False), path, answers("b@example.org"))

    registrations = Registration.objects.filter(event=event).order_by("pk")
    assert [(r.email, r.status) for r in registrations] == [
        ("a@example.org", "confirmed"),
        ("b@example.org", "waitlisted"),
    ]
    assert first == second == f"/evenemang/{event.slug}/anmalan/skickad/"


@pytest.mark.django_db(transaction=True)
def test_sign_up_chooses_the_first_price_option_when_asked(live_server):
    event = EventFactory()
    cheap = PriceOptionFactory(event=event, amount=0)
    PriceOptionFactory(event=event, amount=0)
    path = reverse("registrations:signup", args=[event.slug])

    sign_up(
        Browser(live_server.url, behind_tls=False),
        path,
        {**answers("a@example.org"), "booking-price_option": FIRST_CHOICE},
    )

    assert Registration.objects.get(event=event).booking.price_option == cheap


@pytest.mark.django_db(transaction=True)
def test_sign_up_with_a_missing_field_fails_with_the_form_error(live_server):
    event = EventFactory()
    path = reverse("registrations:signup", args=[event.slug])
    incomplete = {**answers("a@example.org"), "contact-last_name": ""}

    with pytest.raises(FlowError, match=r"^POST /evenemang/.+/anmalan/: 200 .+"):
        sign_up(Browser(live_server.url, behind_tls=False), path, incomplete)

    assert Registration.objects.filter(event=event).count() == 0


class _Recorder(BaseHTTPRequestHandler):
    seen = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        _Recorder.seen.append(
            (self.command, self.path, dict(self.headers), self.rfile.read(length))
        )
        self.send_response(200)
        self.send_header("Set-Cookie", "csrftoken=t0k3n; Path=/; Secure; HttpOnly; SameSite=Lax")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_browser_sends_what_the_proxy_and_a_browser_would(recorder):
    port = recorder.server_address[1]
    browser = Browser(f"http://127.0.0.1:{port}", address="198.18.0.7")

    browser.get("/form/")
    browser.post("/form/", {"name": ["Åsa"], "sessions": ["1", "2"]}, referer="/form/")

    (_, _, first, _), (method, path, second, body) = _Recorder.seen
    assert first["X-Forwarded-Proto"] == "https"
    assert first["X-Forwarded-For"] == "198.18.0.7"
    assert "Cookie" not in first
    assert (method, path) == ("POST", "/form/")
    assert second["Cookie"] == "csrftoken=t0k3n"  # kept although Secure: TLS ends at the proxy
    assert second["Origin"] == f"https://127.0.0.1:{port}"
    assert second["Referer"] == f"https://127.0.0.1:{port}/form/"
    assert body == b"name=%C3%85sa&sessions=1&sessions=2"
