"""A participant hands their place to a colleague, from the registration's link.

The place stays what it was (confirmed or its turn in the waiting list, the
attendance mode, price and chosen sessions), so no capacity changes. The person
changes: the colleague's name, e-mail and organisation; the old person's own
details (phone, role, dietary and accessibility needs, answers) are removed.
The registration gets a new manage link and reference, so the old link and the
old check-in code stop working; the old person's calendar entries are cancelled
and the colleague gets the confirmation with a calendar invitation of their own.
"""

import copy
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event

from . import capacity, history, inputs, notifications, reference_data
from .exceptions import InvalidChoice, RegistrationClosed
from .models import Registration, new_manage_token, new_reference
from .services import ParticipantData

Status = Registration.Status
CLEARED = ("role", "phone", "dietary_needs", "accessibility_needs")


def may_hand_over(registration, event):
    """Whether to offer handing the place over (the service decides)."""
    return refusal(registration, event) is None


def refusal(registration, event):
    """Why the place cannot be handed over now, or None."""
    if registration.status == Status.CANCELLED:
        return _("This registration is cancelled; there is no place to hand over.")
    if registration.status == Status.ATTENDED:
        return _("You have already checked in; the place can no longer be handed over.")
    if event.status == Event.Status.CANCELLED:
        return RegistrationClosed(event, RegistrationClosed.CANCELLED).message
    if timezone.now() >= event.starts_at:
        return _("The event has started; the place can no longer be handed over.")
    return None


def hand_over(*, registration, first_name, last_name, email, organisation, language="sv"):
    """Give ``registration``'s place to the colleague named; returns it, changed.

    Refused (InvalidChoice, RegistrationClosed) for a cancelled or checked-in
    registration, a cancelled or started event, or an address that is already
    registered for the event. Both people are told by e-mail; the registration's
    history says who handed the place to whom.
    """
    with transaction.atomic():
        event = capacity.lock_event(registration.event)
        registration = (
            Registration.objects.select_related("event", "booking")
            .select_for_update(of=("self",))
            .get(pk=registration.pk)
        )
        reason = refusal(registration, event)
        if reason is not None:
            raise InvalidChoice(reason)
        data = ParticipantData(
            first_name=first_name, last_name=last_name, email=email, organisation=organisation
        )
        fields = inputs.participant_fields(data)
        if fields["email"] == registration.email:
            raise InvalidChoice(
                _("That is the address of this registration: enter your colleague's."),
                field="email",
            )
        taken = Registration.objects.for_event(event).exclude(status=Status.CANCELLED)
        if taken.filter(email=fields["email"]).exists():
            raise InvalidChoice(
                _("That e-mail address is already registered for this event."), field="email"
            )
        previous = copy.copy(registration)
        colleague = f"{fields['first_name']} {fields['last_name']}"
        notifications.place_handed_over(previous, colleague=colleague)
        _move_to(registration, fields, language)
        notifications.place_received(registration, previous=previous)
        history.record(
            Registration.objects.filter(pk=registration.pk),
            _Note(previous, registration),
        )
    return registration


def _move_to(registration, fields, language):
    previous_email = registration.email
    for name in ("first_name", "last_name", "email", "organisation"):
        setattr(registration, name, fields[name])
    registration.municipality_code = reference_data.municipality_code(fields["organisation"])
    for name in CLEARED:
        setattr(registration, name, "")
    registration.language = inputs.clean_language(language)
    registration.manage_token = new_manage_token()
    registration.reference = new_reference()
    registration.calendar_uid = ""
    registration.calendar_sequence = 0
    registration.save()
    registration.answers.all().delete()
    booking = registration.booking
    if booking.contact_email == previous_email and booking.registrations.count() == 1:
        # They booked only themselves: the booking, and its link, go with the place.
        booking.contact_name = registration.full_name
        booking.contact_email = registration.email
        booking.contact_phone = ""
        booking.manage_token = new_manage_token()
        booking.save(
            update_fields=["contact_name", "contact_email", "contact_phone", "manage_token"]
        )


NOTE = gettext_lazy("Place handed over by %(old)s (%(old_email)s) to %(new)s (%(new_email)s).")
NOTE_WITHOUT_NAMES = gettext_lazy("Place handed over to a colleague.")


def history_without_names(message):
    """``message`` of a registration's history, with a hand-over's names and
    addresses taken out (when the registration is anonymised); others as they are.
    The history is written in the site's language, and read here in it too."""
    with translation.override(settings.LANGUAGE_CODE):
        template = str(NOTE)
        pattern = re.escape(template)
        for name in ("old", "old_email", "new", "new_email"):
            pattern = pattern.replace(re.escape(f"%({name})s"), ".*")
        if re.fullmatch(pattern, message, flags=re.DOTALL):
            return str(NOTE_WITHOUT_NAMES)
    return message


class _Note:
    """The history's text, translated when it is written."""

    text = NOTE

    def __init__(self, previous, registration):
        self.values = {
            "old": previous.full_name,
            "old_email": previous.email,
            "new": registration.full_name,
            "new_email": registration.email,
        }

    def __str__(self):
        return str(self.text) % self.values
