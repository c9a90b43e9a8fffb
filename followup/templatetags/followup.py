"""``{% load followup %}{% certificate_link registration %}``: on the attendee's manage
page, the link to their certificate of attendance once there is one (nothing otherwise)."""

from django import template
from django.urls import reverse

from followup.views import may_download

register = template.Library()


@register.inclusion_tag("followup/_certificate_link.html")
def certificate_link(registration):
    if registration is None or not may_download(registration):
        return {"url": ""}
    return {"url": reverse("followup:certificate", kwargs={"token": registration.manage_token})}
