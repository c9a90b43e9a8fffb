"""Helpers that walk every admin URL: what exists, and what of organiser A it concerns."""

import re

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

_CONVERTER = re.compile(r"<(?:\w+:)?\w+>")
# Paths tried, in order, from a model to its organiser, for admins that do not say.
_GUESSED_PATHS = ("organiser", "event__organiser", "registration__event__organiser")
_NOT_COMPARED = {"sessions.Session", "contenttypes.ContentType", "auth.Permission"}


def registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def organiser_path(model, model_admin):
    path = getattr(model_admin, "organiser_path", None)
    if path is not None:
        return path
    names = {field.name for field in model._meta.get_fields()}
    for guess in _GUESSED_PATHS:
        if guess.split("__")[0] in names:
            return guess
    return None


def objects_of(model, model_admin, side):
    """The objects of organiser ``side`` (a dict from the ``world`` fixture)."""
    if model is get_user_model():
        return [side["admin"], side["door"]]
    path = organiser_path(model, model_admin)
    if path is None:
        return list(model._default_manager.all())
    lookup = path or "pk"
    return list(model._default_manager.filter(**{lookup: side["organiser"].pk}))


def model_urls(model, model_admin):
    """(route, takes an object) for every URL of the model's admin."""
    base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        yield base + route, bool(_CONVERTER.search(route))


def object_url(route, pk):
    return _CONVERTER.sub(str(pk), route)


def superuser_actions(model_admin):
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return list(model_admin.get_actions(request))


def relation_fields():
    """(source model, field) for every relation to a model registered in the admin."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            remote = getattr(field, "remote_field", None)
            if field.concrete and remote is not None and remote.model in admin.site._registry:
                yield model, field


def snapshot():
    """Every row of every table (but sessions and caches of Django's own); models
    without a table of their own (django_rq's admin dashboard) have no rows."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label not in _NOT_COMPARED and model._meta.managed
    }
