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
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "statistics": can_see_statistics(request)}
        return super().index(request, extra_context)

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
