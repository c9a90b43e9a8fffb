"""Pages before the admin login: accepting a staff invitation, and Django's
password-reset views with their e-mail sent through the mail room.

The invitation link (/personal/inbjudan/<token>/) puts its token in the session
and redirects to /personal/inbjudan/, as Django's password-reset link does, so
the token is not left in the browser's history or sent on as a Referer.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from events import staff
from messaging.models import OutgoingEmail
from messaging.services import queue_email

SESSION_KEY = "_staff_invite_token"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class AccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text=_("What you log in with: letters, digits and . @ + - _ (no spaces)."),
        error_messages={
            "required": _("Choose a username."),
            "invalid": _("Use only letters, digits and . @ + - _ in the username, no spaces."),
        },
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
        error_messages={"required": _("Choose a password.")},
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )

    def __init__(self, *args, invite, **kwargs):
        super().__init__(*args, **kwargs)
        self.invite = invite

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken: choose another."))
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            candidate = get_user_model()(
                username=cleaned.get("username", ""),
                email=self.invite.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def invite_link(request, token):
    request.session[SESSION_KEY] = token
    return HttpResponseRedirect(reverse("backoffice:accept_invite_page"))


@require_http_methods(["GET", "POST"])
def accept_invite(request):
    token = request.session.get(SESSION_KEY, "")
    invite = staff.open_invite(token)
    if invite is None:
        response = render(request, "admin/staff/invite_invalid.html", _context(request), status=404)
        add_never_cache_headers(response)
        return response
    user = request.user if request.user.is_authenticated else None
    account = staff.existing_account(invite)
    form = None
    if user is not None and staff.normalise(user.email) == invite.email:
        if request.method == "POST":
            return _accepted(request, token, user=user)
    elif user is None and account is None:
        form = AccountForm(request.POST or None, invite=invite, initial=_suggested(invite))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            return _accepted(
                request,
                token,
                username=data["username"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
    context = {
        **_context(request),
        "invite": invite,
        "form": form,
        "account": account,
        "other_user": user is not None and staff.normalise(user.email) != invite.email,
        "login_url": reverse("admin:login")
        + "?"
        + urlencode({"next": reverse("backoffice:accept_invite_page")}),
    }
    response = render(request, "admin/staff/accept_invite.html", context)
    add_never_cache_headers(response)
    return response


def _accepted(request, token, **kwargs):
    try:
        membership = staff.accept(token=token, **kwargs)
    except staff.StaffError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("backoffice:accept_invite_page"))
    request.session.pop(SESSION_KEY, None)
    if not request.user.is_authenticated:
        login(request, membership.user, backend=MODEL_BACKEND)
    messages.success(
        request,
        gettext("Welcome! You now work for %(organiser)s as %(role)s.")
        % {
            "organiser": membership.organiser.name,
            "role": membership.get_role_display().lower(),
        },
    )
    return HttpResponseRedirect(reverse("admin:index"))


def _suggested(invite):
    return {"username": invite.email.split("@")[0][:150]}


def _context(request):
    from django.contrib import admin

    return {**admin.site.each_context(request), "title": gettext("Invitation to the staff")}


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form for staff accounts, its e-mail queued in the mail room."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("E-mail address")
        email.error_messages = {
            "required": _("Enter the e-mail address of your account."),
            "invalid": _("Enter an e-mail address such as namn@kommun.se."),
        }

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        queue_email(
            to=to_email,
            kind=OutgoingEmail.Kind.PASSWORD_RESET,
            template="password_reset",
            context={
                "user": context["user"],
                "url": settings.SITE_URL + path,
                "hours": max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1),
            },
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "admin/staff/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def get_context_data(self, **kwargs):
        return {**_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "admin/staff/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "admin/staff/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def get_context_data(self, **kwargs):
        return {**_context(self.request), **super().get_context_data(**kwargs)}

    def form_valid(self, form):
        """A new password ends a login lockout of this username as well."""
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "admin/staff/password_reset_complete.html"

    def get_context_data(self, **kwargs):
        return {**_context(self.request), **super().get_context_data(**kwargs)}
