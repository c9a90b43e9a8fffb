"""Who may use the registration pages of one event in the admin (messages, adding
a registration): the registrations admin's role permissions for its organiser."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404

from registrations.models import Registration


def may(request, event, permission):
    """Whether the user has ``permission`` on the registrations of ``event``."""
    if request.user.is_active and request.user.is_superuser:
        return True
    registration_admin = admin.site.get_model_admin(Registration)
    return event.organiser_id in registration_admin.scoped_organiser_ids(request, permission)


def event_for_page(model_admin, request, object_id, permission):
    """The event of a page beside its change form: 404 when the user cannot see it,
    403 when they see it without ``permission``."""
    event = model_admin.get_object(request, unquote(object_id))
    if event is None:
        raise Http404
    if not may(request, event, permission):
        raise PermissionDenied
    return event
