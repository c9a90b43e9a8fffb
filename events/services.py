"""Writes to events from the admin: publish, unpublish, duplicate (cancelling an event
is cancelling its registrations: registrations/event_cancellation.py).

Keyword-only functions, one transaction each; ``EventError`` says why not.
"""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Event, Material, PriceOption, Session, SessionSpeaker


class EventError(Exception):
    """A refusal, with a ``message`` that can be shown to the organiser as it is."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def publish_event(*, event) -> Event:
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("A cancelled event cannot be published again."))
    return _set_status(event, Event.Status.PUBLISHED)


def unpublish_event(*, event) -> Event:
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("A cancelled event cannot be made a draft."))
    return _set_status(event, Event.Status.DRAFT)


def _set_status(event, status):
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(status=status, updated_at=timezone.now())
    event.status = status
    return event


def shift_local(value, days):
    """``value`` moved by ``days`` keeping its Stockholm wall-clock time (09:00 stays 09:00
    across a change to or from summer time)."""
    if value is None:
        return None
    local = timezone.localtime(value)
    moved = dt.datetime.combine(local.date() + dt.timedelta(days=days), local.time())
    return timezone.make_aware(moved)


def duplicate_event(*, event, starts_on, title=None, slug=None) -> Event:
    """Copy ``event`` with its programme to start on the date ``starts_on``.

    Copies sessions (with their speakers in order), materials (unpublished), price
    options, questions and co-organisers; every date moves by the same number of
    days. The copy is a draft with a new unique slug. A year in the title and slug
    follows the new date ("Konferens 2019" -> "Konferens 2020").
    """
    days = (starts_on - timezone.localdate(event.starts_at)).days
    old_year, new_year = str(timezone.localdate(event.starts_at).year), str(starts_on.year)
    with transaction.atomic():
        original = Event.objects.get(pk=event.pk)
        copy = Event.objects.get(pk=event.pk)
        copy.pk = None
        copy._state.adding = True
        copy.status = Event.Status.DRAFT
        copy.title = title or replace_year(original.title, old_year, new_year)
        copy.slug = unique_slug(slug or replace_year(original.slug, old_year, new_year))
        if slug and copy.slug != slug:
            raise EventError(_("The address “%(slug)s” is already in use.") % {"slug": slug})
        for name in (
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "cancellation_deadline",
        ):
            setattr(copy, name, shift_local(getattr(original, name), days))
        copy.save()
        copy.co_organisers.set(original.co_organisers.all())
        session_map = _copy_sessions(original, copy, days)
        _copy_children(Material.objects.filter(event=original), copy, session_map)
        _copy_children(PriceOption.objects.filter(event=original), copy)
        _copy_children(original.questions.all(), copy)
    return copy


def _copy_sessions(original, copy, days):
    session_map = {}
    for session in Session.objects.filter(event=original).order_by("pk"):
        old_pk = session.pk
        session.pk = None
        session._state.adding = True
        session.event = copy
        session.starts_at = shift_local(session.starts_at, days)
        session.ends_at = shift_local(session.ends_at, days)
        session.save()
        session_map[old_pk] = session
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=session_map[link.session_id], speaker_id=link.speaker_id, order=link.order
        )
        for link in SessionSpeaker.objects.filter(session__event=original).order_by("pk")
    )
    return session_map


def _copy_children(queryset, copy, session_map=None):
    rows = []
    for row in queryset.order_by("pk"):
        row.pk = None
        row._state.adding = True
        row.event = copy
        if session_map is not None:
            row.session = session_map.get(row.session_id)
            row.published = False
        rows.append(row)
    queryset.model.objects.bulk_create(rows)


def replace_year(text, old_year, new_year):
    if old_year == new_year:
        return text
    return re.sub(rf"(?<!\d){old_year}(?!\d)", new_year, text)


def unique_slug(wanted):
    max_length = Event._meta.get_field("slug").max_length
    base = slugify(wanted)[: max_length - 4] or "evenemang"
    candidate, number = base, 2
    while Event.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def programme_changed(*, event) -> None:
    """Something the event page shows changed outside the event row (a session, a
    speaker, a material, a price option, the venue): the cached page is made anew on
    the next view (events/page_cache.py) instead of after its timeout."""
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
