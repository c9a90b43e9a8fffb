"""The Content-Security-Policy allows no inline code, so no page may have any:
checked in the templates and in the HTML of every kind of page, the admin's
included (Django's own admin templates and widgets, crispy-forms)."""

import contextlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.factories import (
    EventFactory,
    MaterialFactory,
    MembershipFactory,
    PriceOptionFactory,
    QuestionFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)
from tests.security.inline_code import inline_code

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# E-mails are not web pages: mail programs need inline styles, and no CSP applies.
NOT_WEB_PAGES = {"emails"}
# Inline code in templates owned by others, reported to them. Remove an entry when
# its template is fixed: this test then insists.
KNOWN = {}


def _web_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        relative = path.relative_to(TEMPLATES)
        if relative.parts[0] not in NOT_WEB_PAGES:
            yield relative.as_posix(), path.read_text(encoding="utf-8")


def test_csp_templates_have_no_inline_code_beyond_the_known_findings():
    found = {}
    for name, source in _web_templates():
        problems = [problem.split(">")[0] + ">" for problem in inline_code(source)]
        problems = [p if not p.startswith("<style>") else "<style>" for p in problems]
        if problems:
            found[name] = problems

    assert found == KNOWN


def test_csp_finder_finds_each_kind_of_inline_code():
    html = (
        '<p style="color:red">x</p><button onclick="go()">y</button>'
        '<a href=" JavaScript:go()">z</a><script>go()</script><style>p{}</style>'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
    )

    assert inline_code(html) == [
        '<p style="color:red">',
        '<button onclick="go()">',
        '<a href=" JavaScript:go()">',
        "<script>go()</script>",
        "<style>p{}</style>",
    ]


@pytest.fixture
def site_data(db):
    event = EventFactory(waiting_list=True)
    SessionSpeakerFactory(session=SessionFactory(event=event, selectable=True, capacity=10))
    QuestionFactory(event=event, kind="single", choices="Ja\nNej", required=True)
    PriceOptionFactory(event=event, amount=0, name="Avgiftsfritt")
    MaterialFactory(event=event)
    registration = RegistrationFactory(event__organiser=event.organiser)
    return {"event": event, "registration": registration}


def _public_urls(event, registration):
    booking = registration.booking
    return [
        reverse("events:home"),
        reverse("events:archive"),
        event.get_absolute_url(),
        reverse("events:organiser", args=[event.organiser.slug]),
        reverse("registrations:privacy") + f"?evenemang={event.slug}",
        reverse("accessibility"),
        reverse("registrations:signup", args=[event.slug]),
        reverse("registrations:resend_link", args=[event.slug]),
        reverse("registrations:signup_sent", args=[event.slug]),
        registration.get_absolute_url(),
        booking.get_absolute_url(),
        reverse("registrations:cancel", args=[registration.manage_token]),
        "/finns-inte/",
    ]


def test_csp_public_pages_have_no_inline_code(client, site_data):
    event = site_data["event"]
    pages = {}
    for url in _public_urls(event, site_data["registration"]):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[url] = inline_code(response.content.decode())
    invalid = client.post(reverse("registrations:signup", args=[event.slug]), {})
    pages["signup with errors"] = inline_code(invalid.content.decode())

    assert {url: problems for url, problems in pages.items() if problems} == {}


def _admin_urls(objects):
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission is not None:
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    return urls


def test_csp_admin_pages_have_no_inline_code(client, site_data):
    user = UserFactory(is_superuser=True)
    user.save()  # the factory sets the password without saving it
    MembershipFactory(user=user, organiser=site_data["event"].organiser)
    client.force_login(user)
    pages = {}
    for url in _admin_urls(site_data):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code == 200:
            pages[url] = inline_code(response.content.decode())

    changelists = {
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    }
    assert changelists <= set(pages)  # every admin was looked at
    assert len(pages) > 2 * len(changelists)
    assert {url: problems for url, problems in pages.items() if problems} == {}


def test_csp_admin_login_has_no_inline_code(client):
    response = client.get(reverse("admin:login"))

    assert inline_code(response.content.decode()) == []
