"""Named reads of registrations, with their joins built in."""

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

ACTIVE_STATUSES = ("confirmed", "attended")
MODES = ("on_site", "online")


def _queue_key():
    """When a registration joined the waiting list (its signup time if unknown)."""
    return Coalesce(F("waitlisted_at"), F("created_at"))


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a seat: confirmed or attended."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def waitlisted(self):
        """The waiting list, first in line first."""
        return (
            self.filter(status="waitlisted")
            .alias(queued_at=_queue_key())
            .order_by("queued_at", "pk")
        )

    def cancelled(self):
        return self.filter(status="cancelled")

    def for_event(self, event):
        return self.filter(event=event)

    def for_email(self, email):
        return self.filter(email=email.strip().lower())

    def with_details(self):
        """What a list of registrations shows: booking, chosen sessions, answers."""
        return self.select_related("event", "booking", "booking__price_option").prefetch_related(
            "sessions", "answers__question"
        )

    def with_waitlist_position(self):
        """Annotate ``waitlist_place``: 1 for the first in line of its event and
        attendance mode, ``None`` for registrations not on the waiting list."""
        from .models import Registration

        ahead = (
            Registration.objects.filter(
                event=OuterRef("event"),
                attendance_mode=OuterRef("attendance_mode"),
                status="waitlisted",
            )
            .alias(queued_at=_queue_key())
            .filter(
                Q(queued_at__lt=OuterRef("queued_at"))
                | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.alias(queued_at=_queue_key()).annotate(
            waitlist_place=models.Case(
                models.When(
                    status="waitlisted",
                    then=Coalesce(Subquery(ahead), Value(0)) + Value(1),
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def seat_counts(self):
        """``{"active": {mode: n}, "waitlisted": {mode: n}}`` in one query."""
        aggregates = {}
        for mode in MODES:
            aggregates[f"active_{mode}"] = Count(
                "pk", filter=Q(status__in=ACTIVE_STATUSES, attendance_mode=mode)
            )
            aggregates[f"waitlisted_{mode}"] = Count(
                "pk", filter=Q(status="waitlisted", attendance_mode=mode)
            )
        row = self.order_by().aggregate(**aggregates)
        return {
            kind: {mode: row[f"{kind}_{mode}"] for mode in MODES}
            for kind in ("active", "waitlisted")
        }
