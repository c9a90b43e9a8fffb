"""Filters of the registrations list, limited to the user's own organisations."""

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session


def _int(value):
    """A chosen id: a string from the address, or an int when the admin counts facets."""
    value = str(value) if value is not None else ""
    return int(value) if value.isdigit() else None


def selected_event_id(request):
    return _int(request.GET.get(EventFilter.parameter_name))


class EventFilter(admin.SimpleListFilter):
    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        events = Event.objects.order_by("-starts_at").only("pk", "title", "starts_at")
        events = model_admin.visible_events(request, events)
        return [
            (
                event.pk,
                f"{event.title} ({formats.date_format(timezone.localtime(event.starts_at))})",
            )
            for event in events
        ]

    def queryset(self, request, queryset):
        event_id = _int(self.value())
        return queryset.filter(event_id=event_id) if event_id else queryset


class SessionFilter(admin.SimpleListFilter):
    """Who chose a session; offered once the list is filtered to one event."""

    title = _("chosen session")
    parameter_name = "session"

    def lookups(self, request, model_admin):
        event_id = selected_event_id(request)
        if event_id is None:
            return []
        sessions = Session.objects.filter(event_id=event_id, selectable=True).order_by(
            "starts_at", "title"
        )
        if not request.user.is_superuser:
            visible = model_admin.visible_events(request, Event.objects.all())
            sessions = sessions.filter(event__in=visible)
        return [(session.pk, session.title) for session in sessions.only("pk", "title")]

    def queryset(self, request, queryset):
        session_id = _int(self.value())
        return queryset.filter(sessions=session_id) if session_id else queryset


class OrganisationFilter(admin.SimpleListFilter):
    """The participants' organisations (of the chosen event, when one is chosen)."""

    title = _("organisation")
    parameter_name = "organisation"
    limit = 300

    def lookups(self, request, model_admin):
        registrations = model_admin.get_queryset(request)
        event_id = selected_event_id(request)
        if event_id is not None:
            registrations = registrations.filter(event_id=event_id)
        names = (
            registrations.order_by("organisation")
            .values_list("organisation", flat=True)
            .distinct()[: self.limit]
        )
        return [(name, name) for name in names if name]

    def queryset(self, request, queryset):
        return queryset.filter(organisation=self.value()) if self.value() else queryset


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(checked_in_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(checked_in_at__isnull=True)
        return queryset
