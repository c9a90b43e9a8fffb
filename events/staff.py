"""An organiser's own staff: invitations, roles, removal.

The rules (the admin's staff page calls these; it checks first that the acting
user is an organiser admin of ``organiser``):

- An invitation is a link with a random 256-bit token, of which only the SHA-256
  hash is stored. It is valid for ``INVITE_DAYS`` days and works once; sending it
  again makes a new token, so the old link stops working.
- Accepting makes a membership of the invitation's organiser only, in its role.
  A person who already has an account (the same e-mail address) accepts while
  logged in to it; anyone else chooses a username and a password.
- An organiser always keeps at least one organiser admin: the last one can be
  neither demoted nor removed. Removing someone removes their membership of this
  organiser, never their account or their other organisations.
"""

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Membership, StaffInvite

INVITE_DAYS = 7
Role = Membership.Role


class StaffError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise(email):
    return (email or "").strip().lower()


def invite(*, organiser, email, role, invited_by, now=None):
    """Create an invitation; returns (invite, token). The token is for the e-mail
    only: it cannot be read back later."""
    address = normalise(email)
    if Membership.objects.filter(organiser=organiser, user__email__iexact=address).exists():
        raise StaffError(_("This person is already on the staff."), field="email")
    if StaffInvite.objects.filter(
        organiser=organiser, email=address, accepted_at__isnull=True
    ).exists():
        raise StaffError(
            _("This address has been invited already: send the invitation again from the list."),
            field="email",
        )
    token = secrets.token_urlsafe(32)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            created = StaffInvite.objects.create(
                organiser=organiser,
                email=address,
                role=Role(role),
                token_hash=hash_token(token),
                invited_by=invited_by,
                sent_at=now,
                expires_at=now + dt.timedelta(days=INVITE_DAYS),
            )
    except IntegrityError as error:  # the same invitation, sent twice at once
        raise StaffError(
            _("This address has been invited already: send the invitation again from the list."),
            field="email",
        ) from error
    return created, token


def renew(*, invite, now=None):
    """A new link for an open invitation, valid from now; the old link stops working."""
    if invite.accepted_at is not None:
        raise StaffError(_("The invitation has been accepted already."))
    token = secrets.token_urlsafe(32)
    now = now or timezone.now()
    invite.token_hash = hash_token(token)
    invite.sent_at = now
    invite.expires_at = now + dt.timedelta(days=INVITE_DAYS)
    invite.save(update_fields=["token_hash", "sent_at", "expires_at"])
    return token


def withdraw(*, invite):
    if invite.accepted_at is not None:
        raise StaffError(_("The invitation has been accepted already."))
    invite.delete()


def open_invite(token, *, now=None):
    """The open, unexpired invitation of ``token``, or None."""
    if not token or len(token) > 100:
        return None
    found = (
        StaffInvite.objects.select_related("organiser")
        .filter(token_hash=hash_token(token), accepted_at__isnull=True)
        .first()
    )
    if found is None or found.is_expired(now):
        return None
    return found


def existing_account(invite):
    """The active account with the invitation's address, if there is one."""
    return (
        get_user_model()
        .objects.filter(email__iexact=invite.email, is_active=True)
        .order_by("pk")
        .first()
    )


def accept(*, token, user=None, username="", password="", first_name="", last_name="", now=None):
    """Accept the invitation of ``token``: as ``user`` (logged in, the same
    e-mail address), or as a new account with ``username`` and ``password``
    (validated by the caller's form). Returns the membership."""
    now = now or timezone.now()
    with transaction.atomic():
        found = open_invite(token, now=now)
        if found is None:
            raise StaffError(_("The invitation link is not valid any more."))
        found = StaffInvite.objects.select_for_update().get(pk=found.pk)
        if found.accepted_at is not None:
            raise StaffError(_("The invitation link is not valid any more."))
        if user is None:
            user = _new_account(found, username, password, first_name, last_name)
        elif normalise(user.email) != found.email:
            raise StaffError(_("This invitation was sent to another e-mail address."))
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        membership, created = Membership.objects.get_or_create(
            organiser=found.organiser, user=user, defaults={"role": found.role}
        )
        found.accepted_at = now
        found.user = user
        found.save(update_fields=["accepted_at", "user"])
    return membership


def _new_account(invite, username, password, first_name, last_name):
    User = get_user_model()
    if existing_account(invite) is not None:
        raise StaffError(_("There is an account with this address already: log in to accept."))
    if User.objects.filter(username__iexact=username).exists():
        raise StaffError(_("This username is taken: choose another."), field="username")
    return User.objects.create_user(
        username=username,
        email=invite.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )


def change_role(*, membership, role):
    role = Role(role)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == Role.ADMIN and role != Role.ADMIN:
            _keep_an_admin(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove(*, membership):
    """Remove ``membership`` (this organiser only; the account and its other
    organisations stay)."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == Role.ADMIN:
            _keep_an_admin(membership)
        membership.delete()


def _keep_an_admin(membership):
    """Raise when ``membership`` is the organiser's last organiser admin; the other
    admins' rows are locked, so two admins cannot demote each other at once."""
    others = list(
        Membership.objects.select_for_update()
        .filter(organiser_id=membership.organiser_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .values_list("pk", flat=True)
    )
    if not others:
        raise StaffError(
            _("The organisation needs at least one organiser admin: make someone else one first.")
        )
