"""E-mail on the RQ backend (TASKS_BACKEND=django_tasks_rq.RQBackend): the same
code queues the tasks, a real rq worker (burst mode, in this process so it sees
the test's database) sends them. Needs Redis (RQ_TEST_URL, by default db 10 of
127.0.0.1:6379); skips with the reason without it, or fails when
REDIS_TESTS_REQUIRED is set. The tests share one RQ queue, so they run in one
test process, one after the other."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import django_rq
import pytest
import redis
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_rq import Job
from rq.registry import ScheduledJobRegistry
from rq.worker import SimpleWorker

from messaging import tasks
from messaging.models import OutgoingEmail
from messaging.services import queue_email
from tests.factories import EventFactory
from tests.redis_support import reachable, unavailable
from tests.registrations.signup_post import person, signup_post

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("redis-rq")]

ROOT = Path(__file__).resolve().parents[2]
DOWN = "tests.messaging.mail_backends.DownMailServer"
# The worker command of the README, "Growing past one machine".
WORKER_COMMAND = ("rqworker", "default", "--with-scheduler", "--job-class", "django_tasks_rq.Job")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def rq_test_url():
    return os.environ.get("RQ_TEST_URL", "redis://127.0.0.1:6379/10")


@pytest.fixture
def rq_backend(settings):
    url = rq_test_url()
    reason = reachable(url)
    if reason:
        unavailable(reason)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": url}}
    connection = redis.Redis.from_url(url)
    connection.flushdb()
    yield django_rq.get_queue("default", job_class=Job)
    connection.flushdb()


@pytest.fixture
def rq_worker(rq_backend, django_capture_on_commit_callbacks):
    """Run the rq worker until the queue is empty; the return value of each job."""

    def run():
        worker = django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job)
        jobs = list(rq_backend.job_ids)
        with django_capture_on_commit_callbacks(execute=True):  # retries queued by the jobs
            worker.work(burst=True)
        return [
            Job.fetch(job_id, connection=rq_backend.connection).return_value() for job_id in jobs
        ]

    return run


def _queue(**overrides):
    options = {"to": "anna@kommun.se", "kind": "message", "subject": "Ämne", "body_text": "Hej!"}
    return queue_email(**{**options, **overrides})


def test_rq_worker_sends_a_queued_email(rq_worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()

    assert rq_worker() == ["sent"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)
    assert [message.subject for message in mail.outbox] == ["Ämne"]


def test_rq_worker_sends_the_emails_of_a_signup(
    client, rq_backend, rq_worker, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registrations:signup", args=[event.slug]), signup_post([person(1)])
        )
    assert response.status_code == 302
    assert rq_backend.count == OutgoingEmail.objects.count() > 0

    outcomes = rq_worker()

    assert outcomes == ["sent"] * OutgoingEmail.objects.count()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        OutgoingEmail.objects.values_list("to", flat=True)
    )


def test_rq_worker_never_sends_an_email_twice(rq_worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
        tasks.enqueue(email.pk)  # a duplicate task, e.g. from retry_emails

    assert rq_worker() == ["sent", "skipped"]
    assert len(mail.outbox) == 1


def test_rq_retry_is_scheduled_for_when_the_email_is_due(
    settings, rq_backend, rq_worker, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = DOWN
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            email = _queue()
        assert rq_worker() == ["retry"]

    email.refresh_from_db()
    assert (email.status, email.next_attempt_at) == ("queued", START + dt.timedelta(minutes=1))
    scheduled = ScheduledJobRegistry(queue=rq_backend)
    [job_id] = scheduled.get_job_ids()
    assert scheduled.get_scheduled_time(job_id) == START + dt.timedelta(minutes=1)
    assert rq_backend.count == 0


def test_rq_retry_emails_recovers_an_email_whose_task_was_lost(
    rq_backend, rq_worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    rq_backend.empty()

    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("retry_emails", verbosity=0)
        assert rq_worker() == ["sent"]

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_rqworker_command_from_the_readme_sends_in_its_own_process(rq_backend, postgres_only):
    """The worker as deployed (README): a forking rq worker in its own process,
    on the same PostgreSQL database and Redis."""
    email = _queue(subject="Utskick")
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_rq.RQBackend",
        "RQ_URL": rq_test_url(),
        "EMAIL_URL": "consolemail://",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, our manage.py)
        [sys.executable, "manage.py", *WORKER_COMMAND, "--burst"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT, result.stderr[-2000:]
    assert "Subject: Utskick\n" in result.stdout


def test_rq_backend_settings_pass_the_checks_and_keep_the_queues_out_of_the_admin():
    """With TASKS_BACKEND set to RQ, django-rq is installed for its worker command,
    but its queue pages, which would show every organiser's jobs to all staff, are
    not in the admin."""
    code = (
        "import django; django.setup()\n"
        "from django.contrib import admin; from django.core.management import call_command\n"
        "call_command('check', fail_level='WARNING')\n"
        "print([m._meta.label for m in admin.site._registry if m._meta.app_label == 'django_rq'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["TASKS_BACKEND"] = "django_tasks_rq.RQBackend"
    result = subprocess.run(  # noqa: S603 (this interpreter, our settings)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "[]"
