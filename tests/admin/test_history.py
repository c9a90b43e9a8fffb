"""What the admin writes in an object's history: changed fields by their Swedish
names, and nothing for a form saved as it was shown."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.admin.form_data import form_data

pytestmark = pytest.mark.django_db

# As the seed files and most editors store them: LF line breaks, a final newline.
TEXT = "Första stycket.\n\nAndra stycket,\nmed en radbrytning.\n"


@pytest.fixture
def as_a(client, world):
    client.force_login(world["a"]["admin"])
    return client


def _save_as_shown(client, obj, **changes):
    """Open ``obj``'s admin change page and save it as a browser would, with ``changes``."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url).content.decode(), f"{opts.model_name}_form")
    response = client.post(url, {**data, **changes, "_continue": "1"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return LogEntry.objects.filter(object_id=str(obj.pk)).latest("pk").get_change_message()


def test_history_names_the_changed_fields_in_swedish(as_a, world):
    event = world["a"]["event"]

    message = _save_as_shown(as_a, event, description="Ny beskrivning.", capacity="120")

    assert message == "Ändrade beskrivning och platser på plats."


def test_history_names_the_changed_fields_of_an_inline_in_swedish(as_a, world):
    message = _save_as_shown(
        as_a, world["a"]["event"], **{"sessions-0-title": "Workshop om hemtjänst"}
    )

    assert message == "Ändrade titel för programpunkt “Workshop om hemtjänst”."


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("event", "description"),
        ("event", "online_details"),
        ("venue", "directions"),
        ("speaker", "bio"),
        ("series", "description"),
        ("question", "choices"),
        ("booking", "invoice_address"),
    ],
)
def test_saving_a_page_as_shown_changes_nothing(as_a, world, key, field):
    obj = world["a"][key]
    setattr(obj, field, TEXT)
    obj.save()

    assert _save_as_shown(as_a, obj) == "Inga fält ändrade."
    obj.refresh_from_db()
    assert getattr(obj, field) == TEXT.strip()


def test_saving_an_event_as_shown_leaves_its_inlines_alone(as_a, world):
    event = world["a"]["event"]
    material = event.materials.get()
    material.text = TEXT
    material.save()
    question = world["a"]["question"]
    question.choices = "Ja\nNej\n"
    question.save()

    assert _save_as_shown(as_a, event) == "Inga fält ändrade."
