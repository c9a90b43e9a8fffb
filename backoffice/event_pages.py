"""Pages of one event in the admin beside its change form: the dashboard, the
"send a message" page, "add a registration" and importing a participant list
(backoffice.event_admin.EventAdmin mixes this in).

The dashboard is for organiser admins only (whoever may see the event in the
admin); door staff have the check-in page (backoffice.checkin) with its own
counts, and no dashboard.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from . import add_registration, import_page, message_pages, statistics_page
from .dashboard import bar_chart, event_dashboard
from .followup_admin import followup_context, may_follow_up


class EventPagesMixin:
    def get_urls(self):
        pages = [
            path(
                "statistik/",
                self.admin_site.admin_view(self.statistics_view),
                name="events_event_statistics",
            ),
            path(
                "<path:object_id>/dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="events_event_dashboard",
            ),
            path(
                "<path:object_id>/message/",
                self.admin_site.admin_view(self.message_view),
                name="events_event_message",
            ),
            path(
                "<path:object_id>/add-registration/",
                self.admin_site.admin_view(self.add_registration_view),
                name="events_event_add_registration",
            ),
            path(
                "<path:object_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="events_event_import",
            ),
        ]
        return [*pages, *super().get_urls()]

    def dashboard_view(self, request, object_id):
        event = self.get_object(request, unquote(object_id))
        if event is None:
            raise Http404
        if not self.has_view_permission(request, event):
            raise PermissionDenied
        dashboard = event_dashboard(event)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Dashboard"),
            "event": event,
            "dashboard": dashboard,
            "chart": bar_chart(dashboard.periods),
            "may_message": message_pages.may_message(request, event),
            "add_registration_url": add_registration.add_registration_url(request, event),
            "import_url": import_page.import_url(request, event),
            "followup": followup_context(request, event)
            if may_follow_up(self, request, event)
            else None,
        }
        return TemplateResponse(request, "admin/events/event/dashboard.html", context)

    def message_view(self, request, object_id):
        return message_pages.message_page(self, request, object_id)

    def add_registration_view(self, request, object_id):
        return add_registration.add_registration_page(self, request, object_id)

    def import_view(self, request, object_id):
        return import_page.import_page(self, request, object_id)

    def statistics_view(self, request):
        return statistics_page.statistics_page(self, request)
