"""A staff user of organiser B walks every admin URL and reaches nothing of organiser A."""

import json

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from exports.catalogue import Report

from .conftest import SECRET
from .walk import (
    model_urls,
    object_url,
    objects_of,
    registry,
    relation_fields,
    snapshot,
    superuser_actions,
)

pytestmark = pytest.mark.django_db

DENIED = {302, 403, 404}


def _assert_nothing_of_a(response, url):
    assert response.status_code != 500, url
    assert SECRET not in response.content.decode(errors="replace").lower(), url


@pytest.fixture
def as_b(client, world):
    """Organiser B's admin, shown to be logged in and to see B's own things."""
    client.force_login(world["b"]["admin"])
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    assert "Konferens B" in response.content.decode()
    return client


def test_isolation_get_every_admin_url(as_b, world):
    before = snapshot()
    a = world["a"]
    lists = [
        "",
        "?q=hemligt",  # matches every text of A (the page repeats the search term)
        f"?event={a['event'].pk}",
        f"?event={a['event'].pk}&session={a['session'].pk}",
    ]
    walked = 0
    for model, model_admin in registry():
        objects = objects_of(model, model_admin, a)
        for route, takes_object in model_urls(model, model_admin):
            if not takes_object:
                for query in lists if route.endswith("/") and "add" not in route else [""]:
                    response = as_b.get(route + query)
                    assert response.status_code in {200, 302, 403}, route + query
                    _assert_nothing_of_a(response, route + query)
                    walked += 1
                continue
            for obj in objects:
                url = object_url(route, obj.pk)
                response = as_b.get(url)
                assert response.status_code in DENIED, url
                _assert_nothing_of_a(response, url)
                walked += 1
    assert walked > 100
    assert snapshot() == before


def test_isolation_post_change_and_delete_of_every_object(as_b, world):
    before = snapshot()
    for model, model_admin in registry():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        for obj in objects_of(model, model_admin, world["a"]):
            for name, data in (
                ("change", {"title": "x", "name": "x"}),
                ("delete", {"post": "yes"}),
            ):
                url = reverse(f"admin:{info}_{name}", args=[obj.pk])
                response = as_b.post(url, data)
                assert response.status_code in DENIED, url
                _assert_nothing_of_a(response, url)
    assert snapshot() == before


def test_isolation_every_action_on_objects_of_a(as_b, world):
    before = snapshot()
    extra = {
        "apply": "1",
        "post": "yes",
        "message": "Inställt",
        "starts_on": "2031-05-14",
        "title": "Kopia",
        "slug": "kopia-av-a",
    }
    ran = 0
    for model, model_admin in registry():
        ids = [obj.pk for obj in objects_of(model, model_admin, world["a"])]
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action in superuser_actions(model_admin):
            for data in ({}, extra):
                response = as_b.post(
                    url, {"action": action, "_selected_action": ids, "index": "0", **data}
                )
                assert response.status_code in {200, 302, 403}, (url, action)
                _assert_nothing_of_a(response, f"{url} {action}")
                ran += 1
    assert ran >= 20
    assert snapshot() == before


def test_isolation_autocomplete_offers_nothing_of_a(as_b, world):
    asked = 0
    for source, field in relation_fields():
        remote = field.remote_field.model
        remote_admin = admin.site._registry[remote]
        ids_of_a = {str(obj.pk) for obj in objects_of(remote, remote_admin, world["a"])}
        for term in ("", "hemligt", "a"):
            response = as_b.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": source._meta.app_label,
                    "model_name": source._meta.model_name,
                    "field_name": field.name,
                    "term": term,
                },
            )
            assert response.status_code in {200, 403, 404}, (source, field.name)
            _assert_nothing_of_a(response, f"autocomplete {source.__name__}.{field.name}")
            if response.status_code == 200:
                found = {row["id"] for row in json.loads(response.content)["results"]}
                assert found & ids_of_a == set(), (source, field.name)
            asked += 1
    assert asked > 20


def test_isolation_view_on_site_and_exports(as_b, world):
    a = world["a"]
    for model, model_admin in registry():
        content_type = ContentType.objects.get_for_model(model)
        for obj in objects_of(model, model_admin, a):
            url = reverse("admin:view_on_site", args=[content_type.pk, obj.pk])
            assert as_b.get(url).status_code == 404, url
    export = reverse("admin:events_event_export", args=[a["event"].pk])
    for report in Report:
        for file_format in ("csv", "xlsx"):
            response = as_b.post(
                export,
                {
                    "report": report,
                    "file_format": file_format,
                    "columns": ["email"],
                    "statuses": ["confirmed"],
                },
            )
            assert response.status_code == 404
            _assert_nothing_of_a(response, export)


def test_isolation_the_walk_sees_a_when_a_walks(client, world):
    """The walk can fail: organiser A's own admin does see A's texts on the same pages."""
    client.force_login(world["a"]["admin"])
    a = world["a"]

    pages = [
        reverse("admin:events_event_changelist"),
        reverse("admin:registrations_registration_changelist") + f"?event={a['event'].pk}",
        reverse("admin:events_event_change", args=[a["event"].pk]),
        reverse("admin:registrations_booking_change", args=[a["booking"].pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert SECRET in response.content.decode().lower(), page


def test_isolation_walk_covers_the_pages_beside_the_event():
    routes = set()
    for model, model_admin in registry():
        routes.update(route for route, _object in model_urls(model, model_admin))

    for page in ("dashboard", "message", "add-registration", "export"):
        assert f"/admin/events/event/<path:object_id>/{page}/" in routes
