"""The admin site: Swedish titles, and "view on site" only for what the user may see.

The isolation of organisations itself lives in backoffice/scoping.py.
"""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .scoping import can_see_statistics


class AdminSite(admin.AdminSite):
    site_header = _("Anmälan – administration")
    site_title = _("Anmälan – administration")
    index_title = _("Events and registrations")

    def get_urls(self):
        urls = self._own_pages() + super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def index(self, request, extra_context=None):
        from events.abilities import PRIVACY, STAFF
        from events.models import Event

        from .scoping import events_shared_with, organisers_with_ability

        superuser = request.user.is_active and request.user.is_superuser
        shared = () if superuser else events_shared_with(request)
        extra_context = {
            **(extra_context or {}),
            "shared_events": Event.objects.filter(pk__in=shared)
            .select_related("organiser")
            .order_by("-starts_at", "pk")
            if shared
            else (),
            "manages_staff": superuser or bool(organisers_with_ability(request, STAFF)),
            "handles_privacy": superuser or bool(organisers_with_ability(request, PRIVACY)),
            "statistics": can_see_statistics(request),
        }
        return super().index(request, extra_context)

    def _own_pages(self):
        """Our pages that belong to no model: staff and privacy requests."""
        from . import privacy_pages, staff_pages

        def page(view):
            def wrapped(request, *args, **kwargs):
                return view(self, request, *args, **kwargs)

            wrapped.__name__ = view.__name__
            wrapped.__doc__ = view.__doc__
            return self.admin_view(wrapped)

        member = "personal/<int:organiser_id>/medlem/<int:membership_id>/"
        invite = "personal/<int:organiser_id>/inbjudan/<int:invite_id>/"
        return [
            path("personal/", page(staff_pages.index), name="staff_index"),
            path("personal/<int:organiser_id>/", page(staff_pages.staff_page), name="staff"),
            path(member + "roll/", page(staff_pages.change_role), name="staff_role"),
            path(member + "ta-bort/", page(staff_pages.remove), name="staff_remove"),
            path(invite + "skicka-igen/", page(staff_pages.resend), name="staff_invite_resend"),
            path(invite + "aterkalla/", page(staff_pages.withdraw), name="staff_invite_withdraw"),
            path("integritet/", page(privacy_pages.index), name="privacy_index"),
            path(
                "integritet/<int:organiser_id>/", page(privacy_pages.privacy_page), name="privacy"
            ),
            path(
                "integritet/<int:organiser_id>/radera/",
                page(privacy_pages.erase),
                name="privacy_erase",
            ),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut view, for objects the user may see in this admin only.

        Without this check the shortcut would redirect any staff user to any object's
        public address, and a registration's address is its secret manage link.
        """
        from django.contrib.contenttypes.models import ContentType

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.view_on_site:
            raise Http404
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError) as error:
            raise Http404 from error
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
