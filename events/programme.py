"""How the event page arranges an event's prefetched programme (no queries here)."""

from collections import defaultdict
from itertools import groupby

from django.utils import timezone


def programme_days(sessions):
    """The sessions grouped by local date, in order: ``[(date, [session, ...]), ...]``."""
    return [
        (day, list(items))
        for day, items in groupby(
            sessions, key=lambda session: timezone.localdate(session.starts_at)
        )
    ]


def unique_speakers(sessions):
    """Every speaker of the programme once, in the order they first appear."""
    speakers = {}
    for session in sessions:
        for link in session.ordered_speakers:
            speakers.setdefault(link.speaker_id, link.speaker)
    return list(speakers.values())


def material_groups(materials, sessions):
    """Materials as ``[(session or None, [material, ...]), ...]``.

    The event's own materials come first, then each session's in programme order.
    """
    by_session = defaultdict(list)
    for material in materials:
        by_session[material.session_id].append(material)
    groups = [(None, by_session[None])] if by_session[None] else []
    groups += [(session, by_session[session.pk]) for session in sessions if by_session[session.pk]]
    return groups
