"""The staff page ("Personal", /admin/personal/<organiser>/): an organiser admin
invites colleagues by e-mail, changes their role and removes them.

Only organiser admins of that organiser (and superusers) reach it; anyone else
gets a 404 for another organisation's page and a 403 for their own (door
staff). The rules themselves are in events/staff.py; the invitation e-mail goes
through the mail room (messaging.services.queue_email) in the same transaction.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import staff
from events.abilities import STAFF
from events.formatting import when
from events.models import Membership, Organiser, StaffInvite
from messaging.models import OutgoingEmail
from messaging.services import queue_email

from .scoping import can, organisers_for

Role = Membership.Role


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "vTextField", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the e-mail address of the person to invite."),
            "invalid": _("Enter an e-mail address such as namn@kommun.se."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.DOOR,
        help_text=_(
            "Organiser admin: everything of the organisation, staff included. Door staff: "
            "see registrations, check people in and print the door list."
        ),
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )


def _organiser(request, organiser_id):
    organiser = get_object_or_404(Organiser, pk=organiser_id)
    if not can(request, STAFF, organiser.pk):
        raise Http404
    return organiser


def _page_url(organiser):
    return reverse("admin:staff", args=[organiser.pk])


def post_only(view):
    """``require_POST`` for views that take the admin site first."""

    def wrapped(admin_site, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(admin_site, request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def index(admin_site, request):
    """/admin/personal/: the one organisation's page, or a choice of them."""
    return choose_organiser(admin_site, request, STAFF, title=gettext("Staff"), page="admin:staff")


def choose_organiser(admin_site, request, ability, *, title, page):
    """The page ``page`` of the one organiser where the user may use ``ability``,
    or a choice of them; 404 for none."""
    organisers = list(organisers_for(request, ability))
    if len(organisers) == 1:
        return HttpResponseRedirect(reverse(page, args=[organisers[0].pk]))
    if not organisers:
        raise Http404
    context = {
        **admin_site.each_context(request),
        "title": title,
        "organisers": organisers,
        "page_name": page,
    }
    return TemplateResponse(request, "admin/staff/choose_organiser.html", context)


def staff_page(admin_site, request, organiser_id):
    organiser = _organiser(request, organiser_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _invite(request, organiser, form.cleaned_data)
        except staff.StaffError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                gettext("An invitation is sent to %(email)s.")
                % {"email": staff.normalise(form.cleaned_data["email"])},
            )
            return HttpResponseRedirect(_page_url(organiser))
    return _render(admin_site, request, organiser, form)


def _render(admin_site, request, organiser, form, status=200):
    now = timezone.now()
    members = (
        Membership.objects.filter(organiser=organiser)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "pk")
    )
    invites = (
        StaffInvite.objects.filter(organiser=organiser, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("email", "pk")
    )
    context = {
        **admin_site.each_context(request),
        "title": gettext("Staff of %(organiser)s") % {"organiser": organiser.name},
        "organiser": organiser,
        "members": members,
        "invites": [(invite, invite.is_expired(now)) for invite in invites],
        "form": form,
        "roles": Role.choices,
        "several_organisers": organisers_for(request, STAFF).count() > 1,
    }
    return TemplateResponse(request, "admin/staff/staff_page.html", context, status=status)


def _invite(request, organiser, data):
    with transaction.atomic():
        invite, token = staff.invite(
            organiser=organiser, email=data["email"], role=data["role"], invited_by=request.user
        )
        _send_invite(request, invite, token)


def _send_invite(request, invite, token):
    inviter = request.user.get_full_name() or request.user.get_username()
    queue_email(
        to=invite.email,
        kind=OutgoingEmail.Kind.STAFF_INVITE,
        template="staff_invite",
        context={
            "organiser": invite.organiser,
            "inviter": inviter,
            "role": invite.get_role_display().lower(),
            "url": settings.SITE_URL + reverse("backoffice:accept_invite", args=[token]),
            "valid_until": when(invite.expires_at),
        },
        language="sv",
    )


@post_only
def resend(admin_site, request, organiser_id, invite_id):
    organiser = _organiser(request, organiser_id)
    invite = get_object_or_404(StaffInvite, organiser=organiser, pk=invite_id)
    try:
        with transaction.atomic():
            token = staff.renew(invite=invite)
            _send_invite(request, invite, token)
    except staff.StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("The invitation is sent again to %(email)s; the earlier link no longer works.")
            % {"email": invite.email},
        )
    return HttpResponseRedirect(_page_url(organiser))


@post_only
def withdraw(admin_site, request, organiser_id, invite_id):
    organiser = _organiser(request, organiser_id)
    invite = get_object_or_404(StaffInvite, organiser=organiser, pk=invite_id)
    try:
        staff.withdraw(invite=invite)
    except staff.StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invite.email},
        )
    return HttpResponseRedirect(_page_url(organiser))


@post_only
def change_role(admin_site, request, organiser_id, membership_id):
    organiser = _organiser(request, organiser_id)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), organiser=organiser, pk=membership_id
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a role."))
        return HttpResponseRedirect(_page_url(organiser))
    try:
        membership = staff.change_role(membership=membership, role=form.cleaned_data["role"])
    except staff.StaffError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("%(name)s is now %(role)s.")
            % {"name": _name(membership.user), "role": membership.get_role_display().lower()},
        )
        if membership.user_id == request.user.pk and not request.user.is_superuser:
            request._organiser_roles = None  # read again: the user's own role changed
            if not can(request, STAFF, organiser.pk):
                return HttpResponseRedirect(reverse("admin:index"))
    return HttpResponseRedirect(_page_url(organiser))


def remove(admin_site, request, organiser_id, membership_id):
    """A page that says what removing means; its form removes."""
    organiser = _organiser(request, organiser_id)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), organiser=organiser, pk=membership_id
    )
    if request.method == "POST":
        try:
            staff.remove(membership=membership)
        except staff.StaffError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                gettext("%(name)s no longer works for %(organiser)s.")
                % {"name": _name(membership.user), "organiser": organiser.name},
            )
            if membership.user_id == request.user.pk:
                return HttpResponseRedirect(reverse("admin:index"))
        return HttpResponseRedirect(_page_url(organiser))
    context = {
        **admin_site.each_context(request),
        "title": gettext("Remove from the staff"),
        "organiser": organiser,
        "membership": membership,
        "name": _name(membership.user),
        "is_self": membership.user_id == request.user.pk,
    }
    return TemplateResponse(request, "admin/staff/remove.html", context)


def _name(user):
    return user.get_full_name() or user.get_username()
