"""E-mails written by the worker rather than in the request.

A service that must tell people something records it (``record_emails``: who,
what kind, about which registration or booking, and the name of its composer)
in its own transaction; the worker writes the text, HTML and attachments just
before it sends them. The request that made a booking therefore renders no
e-mail while it holds the event's lock.

A composer is registered under a name by the app that knows what to say
(``@composer("registrations.participant")``); it receives the recorded
OutgoingEmail and returns its content. It raises ``Obsolete`` when there is no
longer anything to say (the registration was cancelled or erased meanwhile).
"""

from dataclasses import dataclass, field

_COMPOSERS = {}


class Obsolete(Exception):
    """What the e-mail was to say no longer holds; it is not sent."""


@dataclass(frozen=True)
class Content:
    subject: str
    body_text: str
    body_html: str = ""
    attachments: list = field(default_factory=list)


def composer(name):
    """Register ``function(email) -> Content`` as the composer called ``name``."""

    def register(function):
        _COMPOSERS[name] = function
        return function

    return register


def compose(email):
    """Write a recorded e-mail with its composer and save what it wrote."""
    from .services import one_line

    content = _COMPOSERS[email.composer](email)
    email.subject = one_line(content.subject)[:255]
    email.body_text = content.body_text
    email.body_html = content.body_html
    email.attachments = list(content.attachments)
    email.composer = ""
    email.save(update_fields=["subject", "body_text", "body_html", "attachments", "composer"])
    return email
