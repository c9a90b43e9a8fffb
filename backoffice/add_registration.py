"""An organiser adds a registration by hand (someone who phoned or wrote):
/admin/events/event/<id>/add-registration/.

The same service as the public form (services.register, so the same capacity,
waiting list and duplicate rules), with the organiser's differences: people may
be added before registration opens and after it closes (not to a draft, a
cancelled or an ended event); the organiser records the person's consent to
the privacy notice on their behalf; and may choose to send no e-mail.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registrations import reference_data, services
from registrations.exceptions import (
    AlreadyRegistered,
    InvalidChoice,
    RegistrationClosed,
    RegistrationError,
)
from registrations.forms import BookingForm, ParticipantForm, SignupOptions
from registrations.forms.booking import INVOICE_FIELDS, new_submission_key
from registrations.forms.fields import EmailField, NameField, PhoneField
from registrations.forms.participant import add_service_error
from registrations.models import Booking, Registration
from registrations.views import queries

from .access import event_for_page, may

ADD_ANOTHER = "_addanother"
PAYING_FIELDS = ("price_option", *INVOICE_FIELDS)


def _max_length(name):
    return Booking._meta.get_field(name).max_length


class ContactPersonForm(forms.Form):
    """Who made the booking, when it is not the participant."""

    contact_name = NameField(
        label=_("Contact person"), max_length=_max_length("contact_name"), required=False
    )
    contact_email = EmailField(
        label=_("Contact e-mail"), max_length=_max_length("contact_email"), required=False
    )
    contact_phone = PhoneField(
        label=_("Contact phone"), max_length=_max_length("contact_phone"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        name, email = cleaned.get("contact_name"), cleaned.get("contact_email")
        if name and not email and "contact_email" not in self.errors:
            self.add_error("contact_email", _("Enter the contact person's e-mail too."))
        if email and not name and "contact_name" not in self.errors:
            self.add_error("contact_name", _("Enter the contact person's name too."))
        return cleaned


class OrganiserBookingForm(BookingForm):
    """Price, invoice details, the consent the organiser records, language and e-mail."""

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, options=options, **kwargs)
        consent = self.fields["consent"]
        consent.label = format_html(
            gettext(
                'The participant knows how their details are handled (the <a href="{url}">'
                "privacy notice</a>) and agrees to it."
            ),
            url=reverse("registrations:privacy"),
        )
        consent.help_text = _(
            "You record this on the participant's behalf; the time is saved with the booking."
        )
        consent.error_messages["required"] = _(
            "Confirm that the participant agrees to the privacy notice."
        )
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the e-mails"),
            choices=settings.LANGUAGES,
            initial=settings.LANGUAGE_CODE,
        )
        self.fields["send_email"] = forms.BooleanField(
            label=_("Send e-mail to the participant"),
            required=False,
            initial=True,
            help_text=_(
                "The confirmation (or the waiting-list notice) with the link to change or "
                "cancel, as after the public form. Without it nobody is e-mailed now."
            ),
        )


class AddRegistrationForms:
    """The participant, the contact person and the booking, bound to one POST."""

    def __init__(self, options, data=None):
        self.options = options
        self.participant = ParticipantForm(data, options=options, prefix="participant")
        self.contact = ContactPersonForm(data, prefix="contact")
        initial = None if data is not None else {"submission_key": new_submission_key()}
        self.booking = OrganiserBookingForm(
            data, options=options, prefix="booking", initial=initial
        )
        for form in self.forms:
            form.required_css_class = "required"
        self.page_errors = []

    @property
    def forms(self):
        return (self.participant, self.contact, self.booking)

    @property
    def has_errors(self):
        return bool(self.page_errors) or any(form.is_bound and form.errors for form in self.forms)

    def is_valid(self):
        results = [form.is_valid() for form in self.forms]  # every form, for its errors
        return all(results)

    @property
    def send_email(self):
        return self.booking.cleaned_data["send_email"]

    def service_arguments(self):
        """Keyword arguments for services.register; the contact defaults to the participant."""
        person = self.participant.cleaned_data
        contact = self.contact.cleaned_data
        if not contact["contact_email"]:
            contact = {
                "contact_name": f"{person['first_name']} {person['last_name']}",
                "contact_email": person["email"],
                "contact_phone": person["phone"],
            }
        return {
            "event": self.options.event,
            **contact,
            "participants": [self.participant.to_participant_data()],
            "price_option": self.booking.chosen_price_option(),
            "invoice": self.booking.invoice_data(),
            "language": self.booking.cleaned_data["language"],
            "submission_key": self.booking.cleaned_data["submission_key"],
            "by_organiser": True,
            "notify": self.send_email,
        }

    def add_service_error(self, error):
        """Show a refusal of the service next to its field, or at the top."""
        if isinstance(error, AlreadyRegistered):
            url = reverse("admin:registrations_registration_change", args=[error.registration.pk])
            self.participant.add_error(
                "email",
                format_html(
                    '{} <a href="{}">{}</a>',
                    gettext("This e-mail address is already registered for this event."),
                    url,
                    gettext("See the registration."),
                ),
            )
            return
        if add_service_error(self.participant, error):
            return
        if isinstance(error, InvalidChoice) and error.field:
            for form in (self.contact, self.booking):
                if error.field in form.fields:
                    form.add_error(error.field, error.message)
                    return
        self.page_errors.append(error.message)

    def sections(self):
        """(heading, help, bound fields) in the order the page shows them."""
        booking = self.booking
        paying = [booking[name] for name in PAYING_FIELDS if name in booking.fields]
        sections = [
            (gettext("Participant"), "", list(self.participant)),
            (
                gettext("Contact person"),
                gettext("Only when someone else booked: empty means the participant."),
                list(self.contact),
            ),
        ]
        if paying:
            sections.append((gettext("Price and invoice"), "", paying))
        sections.append(
            (
                gettext("Consent and e-mail"),
                "",
                [booking["consent"], booking["language"], booking["send_email"]],
            )
        )
        return sections


def may_add(request, event):
    """Whether the user may register people for ``event`` (its organiser admins)."""
    return may(request, event, "change")


def add_registration_url(request, event):
    """The address of the page for ``event``, or "" when the user cannot add anyone
    to it now (no permission; a draft, cancelled or ended event)."""
    if not may_add(request, event) or closed_message(event):
        return ""
    return reverse("admin:events_event_add_registration", args=[event.pk])


def closed_message(event):
    """Why nobody can be added to ``event`` now, or "" when the organiser may add."""
    reason = event.registration_closed_reason()
    if reason is None or reason in services.ORGANISER_MAY_REGISTER:
        return ""
    if reason == RegistrationClosed.NOT_PUBLISHED:
        return gettext("The event is a draft: publish it before you add registrations.")
    return RegistrationClosed(event, reason).message


def add_registration_page(model_admin, request, object_id):
    event = event_for_page(model_admin, request, object_id, "change")
    event = queries.events_for_signup().get(pk=event.pk)
    options = SignupOptions.from_event(event)
    closed = closed_message(event)
    posted = request.method == "POST" and not closed
    forms = AddRegistrationForms(options, request.POST if posted else None)
    if posted and forms.is_valid():
        now = timezone.now()
        try:
            booking = services.register(**forms.service_arguments(), consent_at=now)
        except RegistrationError as error:
            forms.add_service_error(error)
        else:
            new = booking.created_at >= now  # else the same form was sent again
            return _added(request, event, booking, emailed=forms.send_email, new=new)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Add a registration"),
        "event": event,
        "forms": forms,
        "closed_message": closed,
        "window_note": _window_note(event),
        "organisation_suggestions": reference_data.suggestions(),
    }
    return TemplateResponse(request, "admin/registrations/add_registration.html", context)


def _window_note(event):
    if event.registration_closed_reason() in services.ORGANISER_MAY_REGISTER:
        return gettext(
            "Registration on the public form is not open now; you can add people here all the same."
        )
    return ""


def _added(request, event, booking, *, emailed, new):
    registration_admin = admin.site.get_model_admin(Registration)
    for registration in booking.registrations.all():
        if new:
            registration_admin.log_addition(
                request,
                registration,
                gettext("Added by the organiser; the participant is told by e-mail.")
                if emailed
                else gettext("Added by the organiser, without e-mail."),
            )
        messages.success(request, _added_message(registration, emailed=emailed))
    if ADD_ANOTHER in request.POST:
        return HttpResponseRedirect(request.path)
    changelist = reverse("admin:registrations_registration_changelist")
    return HttpResponseRedirect(f"{changelist}?event={event.pk}")


def _added_message(registration, *, emailed):
    if registration.status == Registration.Status.WAITLISTED:
        text = gettext("%(name)s is on the waiting list, number %(place)d in line.")
    else:
        text = gettext("%(name)s is registered and confirmed.")
    text %= {"name": registration.full_name, "place": registration.waitlist_position or 0}
    if emailed:
        told = gettext("An e-mail goes to %(email)s.") % {"email": registration.email}
    else:
        told = gettext("No e-mail was sent.")
    return f"{text} {told}"
