"""The e-mail log in the admin: what went to whom, and sending a failed one again.

Organiser admins see the e-mails about their own events (door staff see none);
e-mails about no event (none so far) only superusers. The log is a record: no
one adds or changes a row here.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.abilities import ADMIN
from messaging.models import OutgoingEmail
from messaging.services import retry_email

from .filters import EventFilter
from .scoping import ScopedModelAdmin


@admin.action(description=_("Send again"), permissions=["resend"])
def send_again(modeladmin, request, queryset):
    emails = list(modeladmin.restrict(request, queryset, "resend"))
    count = 0
    for email in emails:
        if retry_email(email=email):
            modeladmin.log_change(request, email, str(_("Sent again.")))
            count += 1
    if count:
        text = ngettext(
            "%(count)d e-mail is queued to be sent again.",
            "%(count)d e-mails are queued to be sent again.",
            count,
        )
        modeladmin.message_user(request, text % {"count": count}, messages.SUCCESS)
    skipped = len(emails) - count
    if skipped:
        text = ngettext(
            "%(count)d e-mail was sent already or is being sent, and was left as it is.",
            "%(count)d e-mails were sent already or are being sent, and were left as they are.",
            skipped,
        )
        modeladmin.message_user(request, text % {"count": skipped}, messages.WARNING)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ScopedModelAdmin):
    organiser_path = "event__organiser"
    role_permissions = {ADMIN: frozenset({"view", "resend"})}
    list_display = ("created_at", "to", "subject", "kind", "status", "event", "attempts", "sent_at")
    list_display_links = ("created_at", "to", "subject")
    list_filter = ("status", "kind", EventFilter)
    list_select_related = ("event",)
    search_fields = ("to", "subject")
    search_help_text = _("Recipient's address or subject.")
    date_hierarchy = "created_at"
    actions = (send_again,)
    fieldsets = (
        (None, {"fields": ("to", "reply_to", "subject", "kind", "language", "event")}),
        (_("Delivery"), {"fields": ("status", "attempts", "created_at", "last_attempt_at")}),
        (None, {"fields": ("next_attempt_at", "sent_at", "last_error")}),
        (_("Concerns"), {"fields": ("registration_link", "booking_link")}),
        (_("Content"), {"fields": ("body_text", "attachment_list")}),
    )
    readonly_fields = (
        "to",
        "reply_to",
        "subject",
        "kind",
        "language",
        "event",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "registration_link",
        "booking_link",
        "body_text",
        "attachment_list",
    )

    def has_add_permission(self, request):
        return False  # e-mails are written by the site, never by hand

    def has_change_permission(self, request, obj=None):
        return False  # a record: it says what was sent

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

    def has_resend_permission(self, request):
        return self.has_role_permission(request, "resend")

    @admin.display(description=_("registration"))
    def registration_link(self, obj):
        if obj.registration_id is None:
            return "–"
        url = reverse("admin:registrations_registration_change", args=[obj.registration_id])
        return format_html('<a href="{}">{}</a>', url, obj.registration.reference)

    @admin.display(description=_("booking"))
    def booking_link(self, obj):
        if obj.booking_id is None:
            return "–"
        url = reverse("admin:registrations_booking_change", args=[obj.booking_id])
        return format_html('<a href="{}">{}</a>', url, obj.booking.reference)

    @admin.display(description=_("attachments"))
    def attachment_list(self, obj):
        return ", ".join(obj.attachment_names) or "–"
