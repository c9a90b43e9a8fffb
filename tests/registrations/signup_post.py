"""POST data for the signup form, as a browser sends it (shared by the view tests)."""

import re

SUBMISSION_KEY = "k" * 43


def person(number=1, **fields):
    return {
        "first_name": f"Deltagare{number}",
        "last_name": "Andersson",
        "email": f"deltagare{number}@kinda.se",
        "organisation": "Kinda kommun",
        **fields,
    }


def signup_post(participants=None, *, key=SUBMISSION_KEY, contact=None, booking=None):
    """Form data: contact person, participants (dicts of field -> value or list),
    consent and submission key; ``booking`` adds or overrides booking-* fields."""
    participants = participants if participants is not None else [person()]
    data = {
        "contact-first_name": "Karin",
        "contact-last_name": "Kontakt",
        "contact-email": "karin@kinda.se",
        "contact-phone": "",
        "participant-TOTAL_FORMS": str(len(participants)),
        "participant-INITIAL_FORMS": "0",
        "participant-MIN_NUM_FORMS": "1",
        "participant-MAX_NUM_FORMS": "20",
        "booking-submission_key": key,
        "booking-consent": "on",
    }
    for name, value in (contact or {}).items():
        data[f"contact-{name}"] = value
    for index, fields in enumerate(participants):
        for name, value in fields.items():
            data[f"participant-{index}-{name}"] = value
    for name, value in (booking or {}).items():
        data[f"booking-{name}"] = value
    return {name: value for name, value in data.items() if value is not None}


def main_text(html):
    """The text of a page's <main>, tags dropped and white space collapsed."""
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def field_value(html, name):
    """The value attribute of the input called ``name`` in a page, or None."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""
