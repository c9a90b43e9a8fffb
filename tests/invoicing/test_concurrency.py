"""Invoice numbers under simultaneous issuing (PostgreSQL only): no gaps, no duplicates."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from invoicing import services
from invoicing.models import Invoice

from .conftest import TODAY, book

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("postgres-connections"),
]
CLIENTS = 10


def test_simultaneous_issuing_takes_every_number_once(postgres_only, paid_event):
    bookings = [book(paid_event) for _ in range(CLIENTS * 3)]
    barrier = threading.Barrier(CLIENTS)
    queue = iter(bookings)
    lock = threading.Lock()
    refused = []

    def client():
        barrier.wait(timeout=30)
        try:
            while True:
                with lock:
                    booking = next(queue, None)
                if booking is None:
                    return
                try:
                    services.issue_invoice(booking=booking, today=TODAY)
                except services.InvoicingError as error:
                    refused.append(error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=CLIENTS) as executor:
        for future in [executor.submit(client) for _ in range(CLIENTS)]:
            future.result()

    numbers = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert refused == []
    assert numbers == list(range(1, len(bookings) + 1))


def test_simultaneous_issuing_of_one_booking_makes_one_invoice(postgres_only, paid_event):
    booking = book(paid_event)
    barrier = threading.Barrier(CLIENTS)
    outcomes = []

    def client():
        barrier.wait(timeout=30)
        try:
            services.issue_invoice(booking=booking, today=TODAY)
            outcomes.append("issued")
        except services.InvoicingError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=CLIENTS) as executor:
        for future in [executor.submit(client) for _ in range(CLIENTS)]:
            future.result()

    assert sorted(outcomes) == ["issued"] + ["refused"] * (CLIENTS - 1)
    assert list(Invoice.objects.values_list("sequence", flat=True)) == [1]
