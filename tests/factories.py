"""factory_boy factories for the whole domain; tests build their data here."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events import models as ev
from registrations import models as reg


def in_days(days, hour=9):
    """A Stockholm-local datetime ``days`` from today at ``hour``:00."""
    date = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(date, dt.time(hour)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Organiser

    name = factory.Sequence(lambda n: f"Arrangör {n}")
    slug = factory.Sequence(lambda n: f"arrangor-{n}")
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@arrangor.se")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Membership

    organiser = factory.SubFactory(OrganiserFactory)
    user = factory.SubFactory(UserFactory)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Series

    organiser = factory.SubFactory(OrganiserFactory)
    name = factory.Sequence(lambda n: f"Serie {n}")
    slug = factory.Sequence(lambda n: f"serie-{n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Venue

    organiser = factory.SubFactory(OrganiserFactory)
    name = factory.Sequence(lambda n: f"Lokal {n}")
    street_address = "Storgatan 1"
    postal_code = "590 38"
    city = "Kisa"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Speaker

    organiser = factory.SubFactory(OrganiserFactory)
    name = factory.Sequence(lambda n: f"Talare {n}")
    title = "Forskare"
    organisation = "Linköpings universitet"
    bio = "Forskar om kommunal välfärd."


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Event

    organiser = factory.SubFactory(OrganiserFactory)
    title = factory.Sequence(lambda n: f"Seminarium {n}")
    slug = factory.Sequence(lambda n: f"seminarium-{n}")
    summary = "Ett seminarium om välfärd."
    starts_at = factory.LazyFunction(lambda: in_days(30, 9))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=7))
    venue = factory.SubFactory(VenueFactory, organiser=factory.SelfAttribute("..organiser"))
    status = ev.Event.Status.PUBLISHED
    capacity = 50


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Programpunkt {n}")
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=1))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(
        SpeakerFactory, organiser=factory.SelfAttribute("..session.event.organiser")
    )


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.Material

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Bilder {n}")
    url = "https://example.se/bilder.pdf"
    published = True


class PriceOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ev.PriceOption

    event = factory.SubFactory(EventFactory)
    name = "Hela konferensen"
    amount = 2500
    vat_rate = ev.VatRate.STANDARD


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = reg.Booking

    event = factory.SubFactory(EventFactory)
    contact_name = "Anna Andersson"
    contact_email = factory.Sequence(lambda n: f"kontakt{n}@kommun.se")
    consent_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = reg.Registration

    booking = factory.SubFactory(BookingFactory)
    event = factory.SelfAttribute("booking.event")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Andersson{n}")
    email = factory.Sequence(lambda n: f"deltagare{n}@kommun.se")
    organisation = "Kinda kommun"
    price_option = factory.SelfAttribute("booking.price_option")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = reg.Question

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Fråga {n}")
