"""Property-based tests: whatever a client posts to the public forms, the answer
is never a server error (5xx) and never an exception.

Thousands of generated submissions in all (2,000): the signup form's own field names
with hostile values (NUL and other control characters, any Unicode the HTTP
client can encode, huge strings, huge and negative numbers for the formset's
counters, lists where one value is expected), unknown extra keys, mostly-valid
submissions with a few fields changed or dropped, raw bodies that are not valid
form encoding at all, and random session cookies.
"""

import re
import string

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    EventFactory,
    PriceOptionFactory,
    QuestionFactory,
    SessionFactory,
)
from tests.registrations.signup_post import person, signup_post

pytestmark = pytest.mark.django_db

FUZZ = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure can be reproduced
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
PAGE_NAMES = {"csrfmiddlewaretoken", "language", "next", "robots", "viewport"}
HUGE = ["x" * 100_000, "9" * 5_000, "é" * 20_000, "\x00" * 10_000, ("a\n" * 5_000)]
SPECIAL = [
    "",
    " ",
    "on",
    "yes",
    "no",
    "true",
    "0",
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "on_site",
    "online",
    "hybrid",
    "\x00",
    "a\x00b",
    "\r\n",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "anna@kinda.se",
    "anna@@kinda",
    "212000-0001",
    "5566770003",
    "__prefix__",
    "../../etc/passwd",
    "%00",
    "\u202e",
    "\ufeff",
    "😀" * 3,
]
# The HTTP client encodes text as UTF-8: lone surrogates cannot be sent as text
# (they are sent as raw bytes in test_signup_raw_bodies_never_give_a_server_error).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
NUMBER = st.integers(min_value=-(2**70), max_value=2**70).map(str)
SCALAR = st.one_of(TEXT, NUMBER, st.sampled_from(SPECIAL), st.sampled_from(HUGE))
VALUE = st.one_of(SCALAR, st.lists(SCALAR, min_size=0, max_size=3))
COOKIE = st.text(alphabet=string.ascii_letters + string.digits + "-_.", max_size=60)


@pytest.fixture
def rich_event(db):
    """A hybrid event with everything the signup form can show."""
    event = EventFactory(format="hybrid", capacity=3, online_capacity=2, waiting_list=True)
    SessionFactory(event=event, selectable=True, capacity=1)
    SessionFactory(event=event, selectable=True, capacity=None)
    QuestionFactory(event=event, kind="multiple", choices="A\nB\nC", required=True)
    QuestionFactory(event=event, kind="yes_no")
    QuestionFactory(event=event, kind="single", choices="Ja\nNej")
    QuestionFactory(event=event, kind="short_text", required=True)
    PriceOptionFactory(event=event, amount=1500)
    PriceOptionFactory(event=event, amount=0, name="Student")
    return event


def valid_submission(event):
    """A submission the form accepts, to change a little: deeper code is reached."""
    answers = {}
    for question in event.questions.all():
        if question.required:
            answers[f"answer_{question.pk}"] = ["A"] if question.kind == "multiple" else "Svar"
    free = event.price_options.get(amount=0)
    return signup_post(
        [person(1, attendance_mode="online", **answers)], booking={"price_option": str(free.pk)}
    )


def form_field_names(client, url):
    html = client.get(url).content.decode()
    names = set(re.findall(r'name="([^"]+)"', html)) - PAGE_NAMES
    names |= {name.replace("participant-0-", "participant-7-") for name in names}
    names |= {name.replace("participant-0-", "participant-99999999999-") for name in names}
    return sorted(names)


def submissions(names, base):
    keys = st.one_of(st.sampled_from(names), TEXT)
    random_form = st.dictionaries(keys, VALUE, max_size=len(names) + 3)
    mutated = st.tuples(
        st.sets(st.sampled_from(sorted(base))), st.dictionaries(st.sampled_from(names), VALUE)
    ).map(lambda change: {**{k: v for k, v in base.items() if k not in change[0]}, **change[1]})
    return st.one_of(random_form, mutated)


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


def test_signup_generated_submissions_never_give_a_server_error(client, rich_event):
    url = reverse("registrations:signup", args=[rich_event.slug])
    names = form_field_names(client, url)
    base = valid_submission(rich_event)
    assert len(names) > 40
    assert client.post(url, base).status_code == 302

    @settings(FUZZ, max_examples=300)
    @given(data=submissions(names, base), cookie=COOKIE)
    def post(data, cookie):
        client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie
        assert_no_server_error(client.post(url, data))

    post()


@given(body=st.binary(max_size=2_000), multipart=st.booleans(), boundary=TEXT)
@settings(FUZZ, max_examples=700)
def test_signup_raw_bodies_never_give_a_server_error(client, rich_event, body, multipart, boundary):
    url = reverse("registrations:signup", args=[rich_event.slug])
    content_type = (
        f"multipart/form-data; boundary={boundary}"
        if multipart
        else "application/x-www-form-urlencoded"
    )

    response = client.generic("POST", url, body, content_type=content_type)

    assert_no_server_error(response)


@given(
    data=st.dictionaries(st.one_of(st.just("email"), TEXT), VALUE, max_size=4),
    slug=st.one_of(st.just(None), TEXT),
)
@settings(FUZZ, max_examples=1000)
def test_resend_link_generated_submissions_never_give_a_server_error(
    client, rich_event, data, slug
):
    path = reverse("registrations:resend_link", args=[rich_event.slug])
    if slug is not None:
        path = path.replace(rich_event.slug, slug.replace("/", "") or "x")

    response = client.post(path, data)

    assert_no_server_error(response)
