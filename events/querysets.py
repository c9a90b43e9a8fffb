"""Named reads of events and programmes, with their joins built in."""

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

ACTIVE_STATUSES = ("confirmed", "attended")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=("published", "cancelled"))

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def for_listing(self):
        """What a list of events shows: organiser, series, venue and seats taken."""
        return self.select_related("organiser", "series", "venue").annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=ACTIVE_STATUSES,
                    registrations__attendance_mode="on_site",
                ),
            )
        )

    def for_page_cache(self):
        """Only what the event page's cache key needs (events/page_cache.py): the
        row's state and the places taken, without joins to show anything."""
        return (
            self.only(
                "pk",
                "updated_at",
                "status",
                "format",
                "ends_at",
                "registration_opens_at",
                "registration_closes_at",
                "capacity",
                "online_capacity",
                "waiting_list",
            )
            .annotate(
                seats_taken=Count(
                    "registrations",
                    filter=Q(
                        registrations__status__in=ACTIVE_STATUSES,
                        registrations__attendance_mode="on_site",
                    ),
                )
            )
            .with_online_places_taken()
        )

    def with_programme(self):
        """Everything the event page shows, in a fixed number of queries."""
        from .models import Material, Session

        return self.for_listing().prefetch_related(
            "co_organisers",
            "price_options",
            Prefetch("sessions", queryset=Session.objects.with_speakers()),
            Prefetch(
                "materials",
                queryset=Material.objects.filter(published=True).select_related("session"),
                to_attr="published_materials",
            ),
        )

    def for_calendar(self):
        """What a calendar file needs: organiser, venue and the sessions' times (which
        make the days, events/calendar.py)."""
        from .models import Session

        return self.select_related("organiser", "venue").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.times())
        )

    def with_online_places_taken(self):
        """Annotate ``online_taken``: active online registrations (hybrid/online events)."""
        return self.annotate(
            online_taken=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=ACTIVE_STATUSES,
                    registrations__attendance_mode="online",
                ),
            )
        )

    def with_co_organisers(self):
        """Prefetch the co-organisers (for lists of events that name them)."""
        return self.prefetch_related("co_organisers")

    def involving(self, organiser):
        """Events the organiser arranges or co-arranges (no join, so no duplicates)."""
        co_organised = self.model.co_organisers.through.objects.filter(organiser=organiser).values(
            "event_id"
        )
        return self.filter(Q(organiser=organiser) | Q(pk__in=co_organised))


class OrganiserQuerySet(models.QuerySet):
    def of_published_events(self):
        """Organisers who arrange or co-arrange a published (or cancelled) event,
        each once: those the public pages name."""
        from .models import Event

        published = Event.objects.published()
        co_organising = Event.co_organisers.through.objects.filter(event__in=published)
        return self.filter(
            Q(pk__in=published.values("organiser_id"))
            | Q(pk__in=co_organising.values("organiser_id"))
        )


class SessionQuerySet(models.QuerySet):
    def times(self):
        """Only when the sessions are, and whether they are chosen: what makes an
        event's days (events/calendar.py)."""
        return self.only("event", "starts_at", "ends_at", "selectable")

    def with_speakers(self):
        from .models import SessionSpeaker

        return self.prefetch_related(
            Prefetch(
                "sessionspeaker_set",
                queryset=SessionSpeaker.objects.select_related("speaker"),
                to_attr="ordered_speakers",
            )
        )
