"""Small builders shared by the end-to-end e-mail tests."""

from django.utils import timezone

from registrations import services


def person(first_name, email, **fields):
    return services.ParticipantData(
        first_name=first_name,
        last_name="Svensson",
        email=email,
        organisation="Kinda kommun",
        **fields,
    )


def register(committed, event, *people, contact_email="anna@kinda.se", language="sv"):
    return committed(
        services.register,
        event=event,
        contact_name="Anna Svensson",
        contact_email=contact_email,
        participants=list(people),
        language=language,
        consent_at=timezone.now(),
    )


def calendar_methods(message):
    return [
        part.get_param("method")
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
    ]
