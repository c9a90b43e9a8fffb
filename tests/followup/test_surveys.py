"""Feedback surveys: sent after the event to those who came, one reminder, one
answer per person kept apart from the person, results in the admin and as XLSX."""

import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from followup import surveys
from followup.models import (
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from registrations.privacy import anonymise_due

pytestmark = pytest.mark.django_db

Kind = SurveyQuestion.Kind


@pytest.fixture
def survey(conference):
    survey = Survey.objects.create(
        event=conference["event"], title="Vad tyckte du?", send_days_after=1
    )
    questions = {
        "overall": SurveyQuestion.objects.create(
            survey=survey, text="Helhetsintryck", kind=Kind.RATING, required=True, order=1
        ),
        "best": SurveyQuestion.objects.create(
            survey=survey,
            text="Vilken dag var bäst?",
            kind=Kind.SINGLE,
            choices="Dag 1\nDag 2\nDag 3",
            order=2,
        ),
        "topics": SurveyQuestion.objects.create(
            survey=survey,
            text="Vad vill du höra mer om?",
            kind=Kind.MULTIPLE,
            choices="Samverkan\nEkonomi\nDigitalisering",
            order=3,
        ),
        "workshop": SurveyQuestion.objects.create(
            survey=survey,
            text="Hur var workshopen?",
            kind=Kind.RATING,
            session=conference["workshop"],
            order=4,
        ),
        "comment": SurveyQuestion.objects.create(
            survey=survey, text="Övriga synpunkter", kind=Kind.TEXT, order=5
        ),
    }
    return {"survey": survey, **questions}


def _invite(committed, survey):
    return committed(surveys.invite, survey=survey)


def _token(registration):
    return SurveyInvitation.objects.get(registration=registration).token


def test_survey_is_sent_to_those_who_attended_when_due(conference, survey, committed):
    event = conference["event"]
    with time_machine.travel(event.ends_at + dt.timedelta(hours=23), tick=False):
        assert committed(surveys.send_due) == (0, 0)
    with time_machine.travel(event.ends_at + dt.timedelta(days=1, minutes=1), tick=False):
        assert committed(surveys.send_due) == (2, 0)
        sent = sorted(mail.outbox, key=lambda message: message.to)
        assert committed(surveys.send_due) == (0, 0)

    assert [message.to for message in sent] == [["ailu@kiruna.se"], ["bo@umea.se"]]
    assert sent[0].subject == "Vad tyckte du om Aktuell Socialpolitik?"
    assert sent[1].subject == "What did you think of Aktuell Socialpolitik?"
    url = reverse("followup:survey", kwargs={"token": _token(conference["ailu"])})
    assert url in sent[0].body


def test_one_reminder_goes_to_those_who_have_not_answered(conference, survey, committed):
    event = conference["event"]
    sent_at = event.ends_at + dt.timedelta(days=1, minutes=1)
    with time_machine.travel(sent_at, tick=False):
        committed(surveys.send_due)
    surveys.submit(
        invitation=SurveyInvitation.objects.get(registration=conference["bo"]),
        answers=[(survey["overall"], 4)],
    )

    with time_machine.travel(sent_at + dt.timedelta(days=7, minutes=1), tick=False):
        assert committed(surveys.send_due) == (0, 1)
        reminders = list(mail.outbox)
        assert committed(surveys.send_due) == (0, 0)

    assert [message.to for message in reminders] == [["ailu@kiruna.se"]]
    assert reminders[0].subject == "Påminnelse: vad tyckte du om Aktuell Socialpolitik?"


def test_survey_page_asks_the_session_question_only_of_those_who_chose_it(
    client, conference, survey, committed
):
    _invite(committed, survey["survey"])

    ailu = client.get(reverse("followup:survey", kwargs={"token": _token(conference["ailu"])}))
    bo = client.get(reverse("followup:survey", kwargs={"token": _token(conference["bo"])}))

    assert list(ailu.context["form"].fields) == [
        f"q{survey[name].pk}" for name in ("overall", "best", "topics", "workshop", "comment")
    ]
    assert f"q{survey['workshop'].pk}" not in bo.context["form"].fields
    assert "Hur var workshopen? (Workshop: Samverkan)" in ailu.content.decode()


def test_an_answer_is_stored_apart_from_the_person_and_only_once(
    client, conference, survey, committed
):
    _invite(committed, survey["survey"])
    url = reverse("followup:survey", kwargs={"token": _token(conference["ailu"])})
    data = {
        f"q{survey['overall'].pk}": "5",
        f"q{survey['best'].pk}": "Dag 3",
        f"q{survey['topics'].pk}": ["Samverkan", "Ekonomi"],
        f"q{survey['comment'].pk}": "  Bra workshop!  ",
    }

    response = client.post(url, data)
    again = client.post(url, {**data, f"q{survey['overall'].pk}": "1"})

    assert response.status_code == 302
    assert again.status_code == 200
    assert "Tack för dina svar" in again.content.decode()
    answers = SurveyAnswer.objects.order_by("question__order").values_list(
        "question__text", "rating", "choices", "text"
    )
    assert list(answers) == [
        ("Helhetsintryck", 5, [], ""),
        ("Vilken dag var bäst?", None, ["Dag 3"], ""),
        ("Vad vill du höra mer om?", None, ["Samverkan", "Ekonomi"], ""),
        ("Övriga synpunkter", None, [], "Bra workshop!"),
    ]
    assert SurveyResponse.objects.count() == 1
    assert SurveyInvitation.objects.get(registration=conference["ailu"]).answered is True


def test_answers_have_no_way_back_to_the_person():
    for model in (SurveyResponse, SurveyAnswer):
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        dates = [field.name for field in model._meta.get_fields() if "Date" in type(field).__name__]
        assert related & {SurveyInvitation} == set()
        assert dates == []
        assert not any(
            getattr(target, "_meta", None) and target._meta.label == "registrations.Registration"
            for target in related
        )


def test_a_missing_required_answer_is_explained_and_what_was_typed_is_kept(
    client, conference, survey, committed
):
    _invite(committed, survey["survey"])
    url = reverse("followup:survey", kwargs={"token": _token(conference["ailu"])})

    response = client.post(
        url,
        {f"q{survey['comment'].pk}": "Mer kaffe", f"q{survey['overall'].pk}": "9"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett tal från 1 till 5." in content
    assert "Mer kaffe</textarea>" in content
    assert SurveyResponse.objects.count() == 0


def test_an_unknown_survey_link_is_not_found(client, db):
    assert client.get("/enkat/not-a-real-token-1234567890/").status_code == 404
    assert client.get("/enkat/x/").status_code == 404


def test_answers_survive_the_anonymisation_of_the_registrations(
    conference, survey, committed, settings
):
    _invite(committed, survey["survey"])
    surveys.submit(
        invitation=SurveyInvitation.objects.get(registration=conference["ailu"]),
        answers=[(survey["overall"], 4), (survey["comment"], "Tack!")],
    )
    settings.PRIVACY_RETENTION_DAYS = 1

    anonymise_due()

    conference["ailu"].refresh_from_db()
    assert conference["ailu"].anonymised_at is not None
    assert list(SurveyAnswer.objects.values_list("rating", "text").order_by("pk")) == [
        (4, ""),
        (None, "Tack!"),
    ]
    assert surveys.results(survey["survey"]).responses == 1


# Results in the admin


def _answer(survey, rating, best, topics, comment):
    """One response as ``surveys.submit`` stores it (no invitation needed here)."""
    response = SurveyResponse.objects.create(survey=survey["survey"])
    SurveyAnswer.objects.create(response=response, question=survey["overall"], rating=rating)
    SurveyAnswer.objects.create(response=response, question=survey["best"], choices=[best])
    SurveyAnswer.objects.create(response=response, question=survey["topics"], choices=topics)
    if comment:
        SurveyAnswer.objects.create(response=response, question=survey["comment"], text=comment)


def test_results_count_each_answer(conference, survey):
    _answer(survey, 5, "Dag 3", ["Samverkan"], "Bra!")
    _answer(survey, 4, "Dag 3", ["Samverkan", "Ekonomi"], "")
    _answer(survey, 4, "Dag 1", [], "Längre pauser")

    summary = surveys.results(survey["survey"])

    overall, best, topics, workshop, comment = summary.questions
    assert overall.counts == [("1", 0, 0), ("2", 0, 0), ("3", 0, 0), ("4", 2, 67), ("5", 1, 33)]
    assert round(overall.average, 2) == 4.33
    assert best.counts == [("Dag 1", 1, 33), ("Dag 2", 0, 0), ("Dag 3", 2, 67)]
    assert topics.counts == [("Samverkan", 2, 67), ("Ekonomi", 1, 33), ("Digitalisering", 0, 0)]
    assert (workshop.answered, workshop.counts[0]) == (0, ("1", 0, 0))
    assert comment.texts == ["Bra!", "Längre pauser"]


def test_results_page_shows_figures_as_text_and_the_free_text(client, conference, survey):
    _answer(survey, 5, "Dag 3", ["Samverkan"], "Bra!")
    client.force_login(conference["admin"])

    response = client.get(reverse("admin:followup_survey_results", args=[survey["survey"].pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<tr><th scope="row">5</th><td>1</td><td>100 %</td></tr>' in content
    assert "Medelvärde 5,0 av 5" in content
    assert "<li>Bra!</li>" in content
    assert 'aria-hidden="true"' in content  # the bars repeat the table
    charts = re.findall(r'<svg class="survey-chart".*?</svg>', content, flags=re.S)
    bars = [chart.count('<rect class="chart-bar"') for chart in charts]
    assert bars == [5, 3, 3, 5]  # each question its own: ratings, days, topics, workshop
    assert ">Dag 3</text>" in charts[1]


@pytest.mark.parametrize("responses", [1, 4])
def test_results_page_queries_do_not_grow_with_answers(
    client, conference, survey, responses, django_assert_max_num_queries
):
    for number in range(responses):
        _answer(survey, 1 + number % 5, "Dag 1", ["Ekonomi"], f"Svar {number}")
    client.force_login(conference["admin"])
    url = reverse("admin:followup_survey_results", args=[survey["survey"].pk])

    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_results_download_as_xlsx(client, conference, survey):
    _answer(survey, 5, "Dag 3", ["Samverkan", "Ekonomi"], "Bra!")
    client.force_login(conference["admin"])

    response = client.get(reverse("admin:followup_survey_results_xlsx", args=[survey["survey"].pk]))

    book = load_workbook(io.BytesIO(response.content))
    results, answers = book.worksheets
    rows = list(results.iter_rows(values_only=True))
    assert rows[0] == ("Fråga", "Svar", "Antal", "Procent")
    assert ("Helhetsintryck", "5", 1, 100) in rows
    assert ("Övriga synpunkter", "Fritext", 1, None) in rows
    assert list(answers.iter_rows(values_only=True))[1][:3] == (5, "Dag 3", "Samverkan, Ekonomi")


@pytest.mark.parametrize("who", ["door", "other_admin"])
def test_survey_pages_are_for_the_organisers_admins_only(client, conference, survey, who):
    client.force_login(conference[who])
    pk = survey["survey"].pk

    for name in ("change", "results", "results_xlsx"):
        response = client.get(reverse(f"admin:followup_survey_{name}", args=[pk]))
        assert response.status_code in (302, 403, 404), name
    listing = client.get(reverse("admin:followup_survey_changelist"))
    assert listing.status_code == 403 or "Vad tyckte du?" not in listing.content.decode()


def test_organiser_writes_a_survey_for_an_own_event_only(client, conference):
    client.force_login(conference["admin"])
    url = reverse("admin:followup_survey_add")

    response = client.post(
        url,
        {
            "event": conference["event"].pk,
            "title": "Vad tyckte du?",
            "introduction": "",
            "send_days_after": "1",
            "reminder_days_after": "7",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-text": "Vilken dag var bäst?",
            "questions-0-kind": "single",
            "questions-0-choices": "Bara en",
            "questions-0-order": "1",
        },
    )

    assert response.status_code == 200
    assert "Skriv minst två svarsalternativ, ett per rad." in response.content.decode()
    assert Survey.objects.count() == 0


def test_a_survey_for_another_organisers_event_is_refused(client, conference):
    from tests.factories import EventFactory

    elsewhere = EventFactory(title="Annans konferens")
    client.force_login(conference["admin"])

    response = client.post(
        reverse("admin:followup_survey_add"),
        {
            "event": elsewhere.pk,
            "title": "Vad tyckte du?",
            "send_days_after": "1",
            "reminder_days_after": "7",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors["event"]) == [
        "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."
    ]
    assert Survey.objects.count() == 0


@pytest.mark.parametrize("surveys_made", [1, 3])
def test_survey_list_queries_do_not_grow_with_surveys(
    client, conference, survey, surveys_made, django_assert_max_num_queries
):
    from tests.factories import EventFactory

    for number in range(surveys_made - 1):
        event = EventFactory(organiser=conference["organiser"], title=f"Seminarium {number}")
        Survey.objects.create(event=event, title=f"Enkät {number}")
    client.force_login(conference["admin"])

    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:followup_survey_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == surveys_made


def test_survey_list_counts_answers_of_invited(client, conference, survey, committed):
    _invite(committed, survey["survey"])
    surveys.submit(
        invitation=SurveyInvitation.objects.get(registration=conference["bo"]),
        answers=[(survey["overall"], 3)],
    )
    client.force_login(conference["admin"])

    content = client.get(reverse("admin:followup_survey_changelist")).content.decode()

    assert '<td class="field-answer_count">1 av 2</td>' in content
