"""The organisers' admin for what is offered: events and their programmes.

Isolation between organisations: backoffice/scoping.py. Event actions that
need a form first (cancel, duplicate): backoffice/event_actions.py.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import services
from events.abilities import ADMIN
from events.models import (
    Event,
    Material,
    Membership,
    Organiser,
    PriceOption,
    Series,
    Session,
    SessionSpeaker,
    Speaker,
    Venue,
)
from events.templatetags.event_format import date_range
from registrations.models import Question

from . import event_actions, export_page
from .capacity import capacity_edited, capacity_saved
from .event_pages import EventPagesMixin
from .fields import FIELD_OVERRIDES
from .followup_admin import CertificateSettingsInline, followup_urls
from .scoping import READ_ONLY, ScopedInline, ScopedModelAdmin

PUBLISH = "_publish"  # the name of the event form's "Save and publish" button
SMALL_TEXT = {
    **FIELD_OVERRIDES,
    models.TextField: {
        **FIELD_OVERRIDES[models.TextField],
        "widget": forms.Textarea(attrs={"rows": 2, "cols": 40}),
    },
}


class RefreshesEventPages:
    """Saving or deleting this object refreshes the cached pages of the events that
    show it (events/page_cache.py), instead of waiting for the cache's timeout."""

    def events_showing(self, obj):
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for event in self.events_showing(form.instance):
            services.programme_changed(event=event)

    def delete_model(self, request, obj):
        events = list(self.events_showing(obj))
        super().delete_model(request, obj)
        for event in events:
            services.programme_changed(event=event)


@admin.register(Organiser)
class OrganiserAdmin(ScopedModelAdmin):
    """Organisation details; organisers are added by a superuser."""

    organiser_path = ""
    role_permissions = {ADMIN: frozenset({"view", "change"})}
    list_display = ("name", "slug", "contact_email", "organisation_number")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "contact_email", "organisation_number", "website", "description")


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    """Who works for which organiser, and in which role (superusers assign them)."""

    organiser_path = "organiser"
    role_permissions = {ADMIN: READ_ONLY}
    list_display = ("user", "organiser", "role")
    list_filter = ("role",)
    list_select_related = ("user", "organiser")
    search_fields = ("user__username", "user__email", "organiser__name")
    autocomplete_fields = ("user",)


@admin.register(Series)
class SeriesAdmin(ScopedModelAdmin):
    organiser_path = "organiser"
    list_display = ("name", "organiser", "number_of_events")
    ordering = ("name", "pk")
    list_select_related = ("organiser",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("events"), ordering="event_count")
    def number_of_events(self, obj):
        return obj.event_count


@admin.register(Venue)
class VenueAdmin(RefreshesEventPages, ScopedModelAdmin):
    organiser_path = "organiser"
    list_display = ("name", "city", "street_address", "organiser")
    list_select_related = ("organiser",)
    search_fields = ("name", "city", "street_address")

    def events_showing(self, obj):
        return Event.objects.filter(venue=obj)


@admin.register(Speaker)
class SpeakerAdmin(RefreshesEventPages, ScopedModelAdmin):
    organiser_path = "organiser"
    list_display = ("name", "title", "organisation", "organiser", "number_of_sessions")
    ordering = ("name", "pk")
    list_select_related = ("organiser",)
    search_fields = ("name", "organisation", "title")

    def events_showing(self, obj):
        return Event.objects.filter(sessions__speakers=obj).distinct()

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    @admin.display(description=_("sessions"), ordering="session_count")
    def number_of_sessions(self, obj):
        return obj.session_count


class SessionInline(ScopedInline, admin.TabularInline):
    model = Session
    fields = (
        "title",
        "starts_at",
        "ends_at",
        "room",
        "kind",
        "selectable",
        "capacity",
        "attendance_mode",
        "speakers",
    )
    readonly_fields = ("speakers",)
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).with_speakers()

    @admin.display(description=_("speakers"))
    def speakers(self, obj):
        links = getattr(obj, "ordered_speakers", ())
        return ", ".join(link.speaker.name for link in links) or "–"


class MaterialInline(ScopedInline, admin.TabularInline):
    model = Material
    fields = ("title", "kind", "session", "file", "url", "text", "published", "order")
    formfield_overrides = SMALL_TEXT
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        self._parent = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "session" and formfield is not None:
            event = getattr(self, "_parent", None)
            formfield.queryset = (
                formfield.queryset.filter(event=event) if event else Session.objects.none()
            )
        return formfield


class PriceOptionInline(ScopedInline, admin.TabularInline):
    model = PriceOption
    fields = (
        "name",
        "amount",
        "vat_rate",
        "vat_exemption_reason",
        "attendance_mode",
        "one_day",
        "order",
    )
    extra = 0


class QuestionInline(ScopedInline, admin.TabularInline):
    model = Question
    fields = ("text", "help_text", "kind", "choices", "required", "order")
    formfield_overrides = SMALL_TEXT
    extra = 0


class EventForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        organiser_id = getattr(cleaned.get("organiser"), "pk", None) or self.instance.organiser_id
        for name in ("venue", "series"):
            chosen = cleaned.get(name)
            if organiser_id and chosen is not None and chosen.organiser_id != organiser_id:
                self.add_error(name, _("This belongs to another organiser than the event."))
        self._check_co_organiser_access(cleaned)
        return cleaned

    def _check_co_organiser_access(self, cleaned):
        """Only a co-organiser of the event may work on it."""
        if "co_organiser_access" not in self.fields:
            return
        access = cleaned.get("co_organiser_access")
        if not access:
            return
        if "co_organisers" in self.fields:
            named = {organiser.pk for organiser in cleaned.get("co_organisers") or ()}
        else:
            named = set(self.instance.co_organisers.values_list("pk", flat=True))
        outside = sorted(organiser.name for organiser in access if organiser.pk not in named)
        if outside:
            self.add_error(
                "co_organiser_access",
                _(
                    "Only co-organisers of the event can work on it; add them above first: "
                    "%(names)s."
                )
                % {"names": ", ".join(outside)},
            )


@admin.register(Event)
class EventAdmin(EventPagesMixin, ScopedModelAdmin):
    organiser_path = "organiser"
    form = EventForm
    public_choice_fields = ("co_organisers", "co_organiser_access")
    # Narrow enough for a 1280 px screen beside the admin's menu and the filters:
    # the texts may wrap (foreign keys and dates shown as fields would not), and the
    # organiser is named only to those who work for more than one.
    list_display = (
        "title",
        "dates",
        "organiser_name",
        "series_name",
        "status",
        "registered",
        "links",
    )
    list_filter = (
        "status",
        "format",
        ("series", admin.RelatedOnlyFieldListFilter),
        ("organiser", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("organiser", "series", "venue")
    search_fields = ("title", "slug", "summary", "venue__name", "venue__city")
    date_hierarchy = "starts_at"
    ordering = ("-starts_at",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("venue", "series")
    filter_horizontal = ("co_organisers", "co_organiser_access")
    readonly_fields = ("status",)
    fieldsets = (
        (None, {"fields": ("organiser", "title", "slug", "status", "series", "summary")}),
        (None, {"fields": ("description",)}),
        (
            _("Time and place"),
            {"fields": ("starts_at", "ends_at", "format", "venue", "online_details")},
        ),
        (
            _("Registration"),
            {
                "fields": (
                    "registration_opens_at",
                    "registration_closes_at",
                    ("capacity", "online_capacity"),
                    "waiting_list",
                    ("cancellation_deadline", "cancellation_fee"),
                    "reminder_days_before",
                    "invoice_timing",
                )
            },
        ),
        (
            _("Contact and co-organisers"),
            {
                "fields": (
                    "contact_name",
                    "contact_email",
                    "co_organisers",
                    "co_organiser_access",
                )
            },
        ),
    )
    inlines = (
        SessionInline,
        PriceOptionInline,
        QuestionInline,
        MaterialInline,
        CertificateSettingsInline,
    )
    actions = (
        event_actions.publish,
        event_actions.unpublish,
        event_actions.cancel,
        event_actions.duplicate,
    )

    def get_queryset(self, request):
        active = Q(registrations__status__in=("confirmed", "attended"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_count=Count("registrations", filter=active),
                waitlisted_count=Count(
                    "registrations", filter=Q(registrations__status="waitlisted")
                ),
            )
        )

    def response_add(self, request, obj, post_url_continue=None):
        if PUBLISH in request.POST:
            return self._save_and_publish(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if PUBLISH in request.POST:
            return self._save_and_publish(request, obj)
        return super().response_change(request, obj)

    def _save_and_publish(self, request, event):
        """The form's "Save and publish": saved already; publish, then stay on the page."""
        try:
            services.publish_event(event=event)
        except services.EventError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.log_change(request, event, gettext("Published."))
            text = gettext("“%(event)s” is saved and published.") % {"event": event}
            self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sessions = [formset for formset in formsets if formset.model is Session]
        if change and capacity_edited(form, sessions):
            capacity_saved(self, request, form.instance)

    def get_urls(self):
        export = path(
            "<path:object_id>/export/",
            self.admin_site.admin_view(self.export_view),
            name="events_event_export",
        )
        return [export, *followup_urls(self), *super().get_urls()]

    def export_view(self, request, object_id):
        return export_page.export_view(self, request, object_id)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        if not request.user.is_superuser and len(self.scoped_organiser_ids(request, "view")) < 2:
            shown = tuple(name for name in shown if name != "organiser_name")
        return shown

    @admin.display(description=_("dates"), ordering="starts_at")
    def dates(self, obj):
        return date_range(obj.starts_at, obj.ends_at)

    @admin.display(description=_("organiser"), ordering="organiser__name")
    def organiser_name(self, obj):
        return obj.organiser.name

    @admin.display(description=_("series"), ordering="series__name")
    def series_name(self, obj):
        return obj.series.name if obj.series else "–"

    @admin.display(description=_("registered"), ordering="active_count")
    def registered(self, obj):
        places = obj.capacity if obj.capacity is not None else "–"
        text = _("%(active)s of %(places)s, %(waiting)s waiting") % {
            "active": obj.active_count,
            "places": places,
            "waiting": obj.waitlisted_count,
        }
        return text

    @admin.display(description=_("links"))
    def links(self, obj):
        registrations = reverse("admin:registrations_registration_changelist")
        return format_html(
            '<a href="{}">{}</a><br><a href="{}?event={}">{}</a><br><a href="{}">{}</a><br>'
            '<a href="{}">{}</a>',
            reverse("admin:events_event_dashboard", args=[obj.pk]),
            _("Dashboard"),
            registrations,
            obj.pk,
            _("Registrations"),
            reverse("admin:events_event_export", args=[obj.pk]),
            _("Export"),
            reverse("admin:view_on_site", args=[self._content_type_id(), obj.pk]),
            _("Public page"),
        )

    def _content_type_id(self):
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(Event).pk


class SessionSpeakerInline(ScopedInline, admin.TabularInline):
    model = SessionSpeaker
    fields = ("speaker", "order")
    autocomplete_fields = ("speaker",)
    extra = 1


@admin.register(Session)
class SessionAdmin(RefreshesEventPages, ScopedModelAdmin):
    organiser_path = "event__organiser"
    list_display = (
        "title",
        "event",
        "starts_at",
        "room",
        "kind",
        "selectable",
        "capacity",
        "attendance_mode",
        "chosen_by",
        "speaker_names",
    )
    list_filter = ("kind", "selectable", ("event", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("event",)
    ordering = ("-event__starts_at", "starts_at", "pk")
    search_fields = ("title", "room", "event__title", "speakers__name")
    autocomplete_fields = ("event",)
    fields = (
        "event",
        "title",
        "description",
        ("starts_at", "ends_at"),
        "room",
        "kind",
        ("selectable", "capacity"),
        "attendance_mode",
    )
    inlines = (SessionSpeakerInline,)

    def events_showing(self, obj):
        return [obj.event]

    def response_post_save_add(self, request, obj):
        return self._back_to_event(obj)

    def response_post_save_change(self, request, obj):
        return self._back_to_event(obj)

    def _back_to_event(self, session):
        """Saved: back to the event's programme, where the session was opened from."""
        url = reverse("admin:events_event_change", args=[session.event_id])
        return HttpResponseRedirect(f"{url}#sessions-group")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and capacity_edited(form):
            capacity_saved(self, request, form.instance.event)

    def get_queryset(self, request):
        active = Q(registrations__status__in=("confirmed", "attended"))
        return (
            super()
            .get_queryset(request)
            .with_speakers()
            .annotate(chosen_count=Count("registrations", filter=active))
        )

    @admin.display(description=_("chosen by"), ordering="chosen_count")
    def chosen_by(self, obj):
        return obj.chosen_count if obj.selectable else "–"

    @admin.display(description=_("speakers"))
    def speaker_names(self, obj):
        return ", ".join(link.speaker.name for link in obj.ordered_speakers) or "–"
