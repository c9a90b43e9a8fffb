"""The attendee's pages after the event: the certificate from the manage link, the
public check of a certificate's code, and the survey from its personal link."""

import contextlib
import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from registrations.models import Registration

from . import certificates, surveys
from .forms import SurveyForm, VerifyForm
from .models import SurveyInvitation

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}\Z")


def _private(response, *, has_form=False):
    """Not cached, not indexed, the address never sent to other sites. A page with
    a form keeps "same-origin": under "no-referrer" the browser posts with
    ``Origin: null``, which the CSRF protection refuses."""
    add_never_cache_headers(response)
    response.headers["Referrer-Policy"] = "same-origin" if has_form else "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def may_download(registration):
    """A certificate is there once the event is over, for those checked in."""
    return registration.status == Registration.Status.ATTENDED and registration.event.is_past


def certificate_download(request, token):
    """The certificate PDF of the registration with this manage link."""
    if not TOKEN.match(token):
        raise Http404
    registration = get_object_or_404(
        Registration.objects.select_related("event__organiser", "event__venue", "booking"),
        manage_token=token,
        anonymised_at__isnull=True,
    )
    if not may_download(registration):
        raise Http404
    pdf = certificates.document(registration)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificates.filename(registration)}"'
    )
    return _private(response)


@require_http_methods(["GET", "POST"])
def verify(request):
    """A form for a certificate's code; a valid one leads to its page."""
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        certificate = certificates.verify(form.cleaned_data["code"])
        if certificate is not None:
            return redirect("followup:verify_code", code=certificate.code)
        return _private(
            render(request, "followup/verify.html", {"form": form, "not_found": True}, status=404),
            has_form=True,
        )
    return _private(render(request, "followup/verify.html", {"form": form}), has_form=True)


def verify_code(request, code):
    """Whether ``code`` is a valid certificate, and for whom: the name, the event and
    the dates attended, nothing more. An unknown code looks like any other."""
    certificate = certificates.verify(code)
    if certificate is None:
        form = VerifyForm(initial={"code": code[:60]})
        return _private(
            render(request, "followup/verify.html", {"form": form, "not_found": True}, status=404),
            has_form=True,
        )
    registration = certificate.registration
    attendance = certificates.attendance(registration)
    context = {
        "certificate": certificate,
        "registration": registration,
        "event": registration.event,
        "attendance": attendance,
        "anonymised": registration.anonymised_at is not None,
    }
    return _private(render(request, "followup/verified.html", context))


@require_http_methods(["GET", "POST"])
def survey(request, token):
    """The survey from the participant's personal link; one answer, then a thank-you."""
    if not TOKEN.match(token):
        raise Http404
    invitation = get_object_or_404(
        SurveyInvitation.objects.select_related("survey__event__organiser", "registration"),
        token=token,
    )
    survey = invitation.survey
    if invitation.answered:
        return _private(render(request, "followup/survey_done.html", {"survey": survey}))
    questions = surveys.questions_for(survey, invitation.registration)
    form = SurveyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(surveys.AlreadyAnswered):
            surveys.submit(
                invitation=invitation,
                answers=form.answers(),
                language=translation.get_language() or "sv",
            )
        return redirect("followup:survey", token=token)
    context = {
        "survey": survey,
        "event": survey.event,
        "form": form,
        "has_required": any(question.required for question in questions),
    }
    return _private(render(request, "followup/survey.html", context), has_form=True)
