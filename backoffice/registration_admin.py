"""The organisers' admin for who comes: registrations, bookings and questions.

Every change of a registration goes through registrations.services (the same
capacity rules as the signup pages); isolation: backoffice/scoping.py.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backoffice.scoping import (
    ALL,
    SEE_REGISTRATIONS,
    ScopedInline,
    ScopedModelAdmin,
    events_shared_with,
    replace_fields,
)
from events.abilities import ADMIN, CHECK_IN, DOOR
from events.formatting import when
from events.models import Event
from registrations import services
from registrations.exceptions import RegistrationError
from registrations.models import Answer, Booking, Question, Registration

from . import add_registration, import_page, message_pages, registration_actions
from .filters import (
    CheckedInFilter,
    EventFilter,
    OrganisationFilter,
    SessionFilter,
    selected_event_id,
)

ACTIVE = Registration.ACTIVE
CANCELLATION_FIELDS = ("cancellation_reason", "status_before_cancellation")
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation",
    "role",
    "municipality_code",
    "dietary_needs",
    "accessibility_needs",
)
PRICE_FIELDS = ("price_option", "booked_day")


class RegistrationForm(forms.ModelForm):
    """Saves through services.update_registration: capacity, e-mail uniqueness and
    the participant's notification are the service's business, as on the public pages."""

    class Meta:
        model = Registration
        fields = (*PERSONAL_FIELDS, "attendance_mode", "sessions", *PRICE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sessions" in self.fields:
            event = self.instance.event
            self.fields["sessions"].queryset = event.sessions.filter(selectable=True)
            self.fields["sessions"].required = False
        if "price_option" in self.fields:
            self.fields["price_option"].queryset = self.instance.event.price_options.all()

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.instance.pk or not self.has_changed():
            return cleaned  # unchanged: no service call, no "your registration changed" e-mail
        registration = self.instance
        if set(self.changed_data) <= set(PRICE_FIELDS):
            return self._change_price(cleaned)
        answers = dict(
            Answer.objects.filter(registration=registration).values_list("question_id", "value")
        )
        changes = services.ParticipantData(
            **{name: cleaned.get(name, "") for name in PERSONAL_FIELDS},
            attendance_mode=cleaned.get("attendance_mode", registration.attendance_mode),
            session_ids=tuple(session.pk for session in cleaned.get("sessions", ())),
            answers=answers,
        )
        try:
            self.updated = services.update_registration(
                registration=registration, changes=changes, by_organiser=True
            )
        except RegistrationError as error:
            field = getattr(error, "field", None)
            self.add_error(field if field in self.fields else None, error.message)
            return cleaned
        return self._change_price(cleaned)

    def _change_price(self, cleaned):
        """A corrected price option goes through its service (the invoice follows)."""
        if not set(self.changed_data) & set(PRICE_FIELDS) or "price_option" not in self.fields:
            return cleaned
        try:
            self.updated = services.change_price_option(
                registration=self.instance,
                price_option=cleaned.get("price_option"),
                day=cleaned.get("booked_day"),
            )
        except RegistrationError as error:
            field = {"day": "booked_day"}.get(error.field, error.field)
            self.add_error(field if field in self.fields else None, error.message)
        return cleaned


class AnswerInline(ScopedInline, admin.TabularInline):
    model = Answer
    fields = ("question", "answer")
    readonly_fields = ("question", "question_text", "answer")
    read_only_inline = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    def get_fields(self, request, obj=None):
        if self.may_open(request, Question) and _owns_event(self, request, obj):
            return self.fields
        return ("question_text", "answer")

    @admin.display(description=_("question"))
    def question_text(self, obj):
        return obj.question.text

    @admin.display(description=_("answer"))
    def answer(self, obj):
        return obj.text


def _owns_event(model_admin, request, registration):
    """Whether the user works for the organiser of ``registration``'s event (and not
    only for a co-organiser working on it): the event's and booking's pages are
    the owner's."""
    if registration is None:
        return True
    event_admin = model_admin.admin_site.get_model_admin(Event)
    return event_admin.has_view_permission(request, registration.event)


@admin.register(Registration)
class RegistrationAdmin(ScopedModelAdmin):
    organiser_path = "event__organiser"
    role_permissions = {
        ADMIN: frozenset({"view", "change", "delete", "checkin", "message"}),
        DOOR: frozenset({"view", "checkin"}),
    }
    form = RegistrationForm
    view_on_site = False  # its address is the participant's secret manage link
    list_display = (
        "last_name",
        "first_name",
        "email",
        "organisation",
        "event",
        "status",
        "attendance_mode",
        "checked_in",
        "created_at",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        EventFilter,
        "status",
        "attendance_mode",
        SessionFilter,
        OrganisationFilter,
        CheckedInFilter,
    )
    list_select_related = ("event",)
    search_fields = (
        "first_name",
        "last_name",
        "email",
        "organisation",
        "reference",
        "booking__reference",
    )
    search_help_text = _("Name, e-mail, organisation or reference.")
    ordering = ("-created_at", "-pk")
    fieldsets = (
        (None, {"fields": ("event", "booking_link", "reference", "status", "waitlist_position")}),
        (_("Participant"), {"fields": PERSONAL_FIELDS}),
        (_("Attendance"), {"fields": ("attendance_mode", "sessions")}),
        (_("Price"), {"fields": PRICE_FIELDS}),
        (
            _("Times"),
            {
                "fields": (
                    "created_at",
                    "updated_at",
                    "waitlisted_at",
                    "cancelled_at",
                    "checked_in_at",
                    "days_attended",
                )
            },
        ),
    )
    readonly_fields = (
        "event",
        "event_title",
        "booking_link",
        "booking_reference",
        "reference",
        "status",
        "waitlist_position",
        "created_at",
        "updated_at",
        "waitlisted_at",
        "cancelled_at",
        "checked_in_at",
        "days_attended",
    )
    filter_horizontal = ("sessions",)
    inlines = (AnswerInline,)
    actions = (*registration_actions.REGISTRATION_ACTIONS, message_pages.send_message)

    # Staff of a co-organiser working on the event (backoffice/scoping.py) see its
    # registrations and check people in; nothing more.
    shared_permissions = {"view": SEE_REGISTRATIONS, "checkin": CHECK_IN}

    def _shared_events(self, request, permission):
        ability = self.shared_permissions.get(permission)
        if ability is None or request.user.is_superuser:
            return set()
        return events_shared_with(request, ability)

    def restrict(self, request, queryset, permission):
        shared = self._shared_events(request, permission)
        if not shared:
            return super().restrict(request, queryset, permission)
        ids = self.scoped_organiser_ids(request, permission)
        return queryset.filter(Q(event__organiser__in=ids) | Q(event__in=shared))

    def has_role_permission(self, request, permission, obj=None):
        if super().has_role_permission(request, permission, obj):
            return True
        shared = self._shared_events(request, permission)
        return bool(shared) and (obj is None or obj.event_id in shared)

    def visible_events(self, request, events, permission="view"):
        shared = self._shared_events(request, permission)
        if not shared:
            return super().visible_events(request, events, permission)
        ids = self.scoped_organiser_ids(request, permission)
        return events.filter(Q(organiser__in=ids) | Q(pk__in=shared))

    def has_add_permission(self, request):
        return False  # through the signup form's rules: the event's "add a registration" page

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == Registration.Status.CANCELLED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Only a cancelled registration may be deleted (e.g. on request, under GDPR);
        deleting a seat-holder would skip the waiting list."""
        if obj is None or obj.status != Registration.Status.CANCELLED:
            return False
        return super().has_delete_permission(request, obj)

    def has_checkin_permission(self, request):
        return self.has_role_permission(request, "checkin")

    def has_message_permission(self, request):
        return self.has_role_permission(request, "message")

    def get_fieldsets(self, request, obj=None):
        """Links to the event and the booking only for those who may open them (door
        staff see the registrations, not the events' and bookings' pages); a
        cancelled registration also shows why, and what it was before."""
        replacements = {}
        owner = _owns_event(self, request, obj)
        if not (self.may_open(request, Event) and owner):
            replacements["event"] = "event_title"
        if not (self.may_open(request, Booking) and owner):
            replacements["booking_link"] = "booking_reference"
        fieldsets = replace_fields(super().get_fieldsets(request, obj), replacements)
        if obj is None or obj.status != Registration.Status.CANCELLED:
            return fieldsets
        (name, options), *rest = fieldsets
        fields = (*options["fields"], *CANCELLATION_FIELDS)
        return [(name, {**options, "fields": fields}), *rest]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return (
                *self.readonly_fields,
                *CANCELLATION_FIELDS,
                *PERSONAL_FIELDS,
                "attendance_mode",
                "sessions",
                *PRICE_FIELDS,
            )
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        """Nothing left to save: the form's clean() saved through the service; say
        what a change of attendance mode did besides."""
        updated = getattr(form, "updated", None)
        if updated is None or "attendance_mode" not in form.changed_data:
            return
        facts = {"name": updated.full_name, "mode": updated.get_attendance_mode_display().lower()}
        if updated.dropped_sessions:
            titles = ", ".join(session.title for session in updated.dropped_sessions)
            text = _(
                "%(name)s now takes part %(mode)s. These sessions are not for that and are no "
                "longer among the choices (the participant is told by e-mail): %(sessions)s."
            )
            messages.warning(request, text % {**facts, "sessions": titles})
        price = updated.price_option
        if price is not None and not price.serves(updated.attendance_mode):
            text = _(
                "%(name)s now takes part %(mode)s, but the booking's price “%(option)s” is not "
                "for that. Adjust the invoice."
            )
            messages.warning(request, text % {**facts, "option": price.name})

    def save_related(self, request, form, formsets, change):
        """The service set the sessions too; the answers inline is read-only (saving it
        changes nothing, but records what the change message needs)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.display(description=_("attendance per day"))
    def days_attended(self, obj):
        """The days checked in on, with the time: "14 maj 2019 kl. 09.40, 15 maj ..."."""
        rows = obj.day_attendances.order_by("day")
        return ", ".join(when(row.checked_in_at) for row in rows) or "–"

    @admin.display(description=_("checked in"), boolean=True, ordering="checked_in_at")
    def checked_in(self, obj):
        return obj.checked_in_at is not None

    @admin.display(description=_("booking"))
    def booking_link(self, obj):
        url = reverse("admin:registrations_booking_change", args=[obj.booking_id])
        return format_html('<a href="{}">{}</a>', url, obj.booking)

    @admin.display(description=_("event"))
    def event_title(self, obj):
        return obj.event.title

    @admin.display(description=_("booking"))
    def booking_reference(self, obj):
        return str(obj.booking)

    @admin.display(description=_("place in the waiting list"))
    def waitlist_position(self, obj):
        return obj.waitlist_position or "–"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "summary": self.summary(request)}
        return super().changelist_view(request, extra_context)

    def summary(self, request):
        """Confirmed, waitlisted and cancelled against capacity, for the filtered event."""
        event_id = selected_event_id(request)
        if event_id is None:
            return None
        events = self.visible_events(request, Event.objects.filter(pk=event_id))
        counts = {}
        for mode in Registration.AttendanceMode:
            counts[f"active_{mode}"] = Count(
                "registrations",
                filter=Q(registrations__status__in=ACTIVE, registrations__attendance_mode=mode),
            )
            counts[f"waitlisted_{mode}"] = Count(
                "registrations",
                filter=Q(registrations__status="waitlisted", registrations__attendance_mode=mode),
            )
        counts["cancelled"] = Count("registrations", filter=Q(registrations__status="cancelled"))
        counts["attended"] = Count("registrations", filter=Q(registrations__status="attended"))
        event = events.annotate(**counts).first()
        if event is None:
            return None
        rows = []
        for mode, label, places in (
            ("on_site", _("On site"), event.capacity),
            ("online", _("Online"), event.online_capacity),
        ):
            active = getattr(event, f"active_{mode}")
            rows.append(
                {
                    "label": label,
                    "active": active,
                    "places": places,
                    "free": None if places is None else max(places - active, 0),
                    "waitlisted": getattr(event, f"waitlisted_{mode}"),
                }
            )
        return {
            "event": event,
            "rows": rows,
            "cancelled": event.cancelled,
            "attended": event.attended,
            "add_url": add_registration.add_registration_url(request, event),
            "import_url": import_page.import_url(request, event),
        }


class RegistrationInline(ScopedInline, admin.TabularInline):
    model = Registration
    fields = ("name", "email", "organisation", "status", "attendance_mode")
    readonly_fields = fields
    read_only_inline = True
    show_change_link = True
    view_on_site = False  # its address is the participant's secret manage link
    extra = 0

    @admin.display(description=_("name"))
    def name(self, obj):
        return obj.full_name


@admin.register(Booking)
class BookingAdmin(ScopedModelAdmin):
    organiser_path = "event__organiser"
    role_permissions = {ADMIN: frozenset({"view", "change", "delete"})}
    view_on_site = False  # its address is the contact person's secret manage link
    list_display = (
        "reference",
        "contact_name",
        "contact_email",
        "event",
        "invoice_organisation",
        "participants",
        "created_at",
    )
    list_filter = (EventFilter,)
    list_select_related = ("event",)
    search_fields = (
        "reference",
        "contact_name",
        "contact_email",
        "invoice_organisation",
        "invoice_reference",
        "registrations__email",
    )
    ordering = ("-created_at", "-pk")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "event",
                    "reference",
                    "price_option",
                    "created_at",
                    "consent_at",
                    "language",
                )
            },
        ),
        (_("Contact person"), {"fields": ("contact_name", "contact_email", "contact_phone")}),
        (
            _("Invoice"),
            {
                "fields": (
                    "invoice_organisation",
                    "invoice_organisation_number",
                    "invoice_address",
                    "invoice_reference",
                    "invoice_peppol_id",
                    "invoice_order_number",
                )
            },
        ),
    )
    readonly_fields = ("event", "reference", "price_option", "created_at", "consent_at", "language")
    inlines = (RegistrationInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_count=Count("registrations", filter=Q(registrations__status__in=ACTIVE))
            )
        )

    def has_add_permission(self, request):
        return False  # bookings are made through the signup form

    def has_delete_permission(self, request, obj=None):
        """A booking may be deleted once every participant in it is cancelled."""
        if obj is None or obj.registrations.exclude(status=Registration.Status.CANCELLED).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("participants"), ordering="participant_count")
    def participants(self, obj):
        return obj.participant_count


@admin.register(Question)
class QuestionAdmin(ScopedModelAdmin):
    organiser_path = "event__organiser"
    role_permissions = {ADMIN: ALL}
    list_display = ("text", "event", "kind", "required", "order")
    list_filter = (EventFilter, "kind", "required")
    list_select_related = ("event",)
    search_fields = ("text", "event__title")
    autocomplete_fields = ("event",)
    fields = ("event", "text", "help_text", "kind", "choices", "required", "order")
