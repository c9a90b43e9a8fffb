import pytest
from django.core import mail
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run every due task of the database queue the way ``manage.py db_worker`` does
    (its own Worker.run_task), inside the test's transaction; returns what each
    task returned.

    The worker's polling loop is not used because it closes "old" database
    connections, which would end the test's transaction. Tasks a task enqueues
    (retries) are enqueued on commit, hence the captured callbacks.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

    def run():
        outcomes = []
        while (result := DBTaskResult.objects.ready().first()) is not None:
            result.claim(worker.worker_id)
            with django_capture_on_commit_callbacks(execute=True):
                worker.run_task(result)
            result.refresh_from_db()
            outcomes.append(result.return_value)
        return outcomes

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks, run_tasks):
    """Run a service as a request would (its transaction commits), then the worker."""

    def call(service, **kwargs):
        mail.outbox.clear()
        try:
            with django_capture_on_commit_callbacks(execute=True):
                return service(**kwargs)
        finally:
            run_tasks()

    return call
