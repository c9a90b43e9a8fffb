"""Which field each column of an imported participant list fills: the fields a
column can be matched to for an event, and guesses from the file's headers
(Swedish and English, compared without case, spaces, dashes and punctuation).
Also the words understood in the cells: attendance, yes and no."""

import unicodedata

from django.utils.translation import gettext_lazy

TARGETS = {
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "full_name": gettext_lazy("Name (first and last name)"),
    "email": gettext_lazy("E-mail"),
    "organisation": gettext_lazy("Organisation or workplace"),
    "municipality": gettext_lazy("Municipality or region"),
    "role": gettext_lazy("Role or title"),
    "phone": gettext_lazy("Phone"),
    "dietary_needs": gettext_lazy("Dietary needs"),
    "accessibility_needs": gettext_lazy("Accessibility needs"),
    "attendance_mode": gettext_lazy("Attendance (on site or online)"),
    "sessions": gettext_lazy("Sessions"),
}

# Headers people write, Swedish and English, compared without case, spaces and dashes.
HEADER_WORDS = {
    "first_name": ("förnamn", "tilltalsnamn", "firstname", "givenname", "fornamn"),
    "last_name": ("efternamn", "lastname", "surname", "familyname"),
    "full_name": ("namn", "name", "fullständigtnamn", "fullname", "deltagare", "participant"),
    "email": (
        "epost",
        "epostadress",
        "email",
        "emailadress",
        "emailaddress",
        "mejl",
        "mejladress",
        "mail",
        "mailadress",
    ),
    "organisation": (
        "organisation",
        "organization",
        "arbetsplats",
        "arbetsgivare",
        "förvaltning",
        "enhet",
        "verksamhet",
        "workplace",
        "employer",
        "företag",
        "company",
    ),
    "municipality": ("kommun", "kommunregion", "municipality", "region", "kommunkod"),
    "role": ("roll", "titel", "befattning", "yrkesroll", "tjänst", "yrke", "role", "title"),
    "phone": ("telefon", "telefonnummer", "tel", "mobil", "mobilnummer", "phone", "mobile"),
    "dietary_needs": (
        "kost",
        "specialkost",
        "allergier",
        "matallergier",
        "kostönskemål",
        "dietaryneeds",
        "diet",
        "dietary",
    ),
    "accessibility_needs": (
        "tillgänglighet",
        "tillgänglighetsbehov",
        "särskildabehov",
        "accessibility",
        "accessibilityneeds",
    ),
    "attendance_mode": ("deltagande", "deltarpå", "deltar", "närvaro", "attendance", "mode"),
    "sessions": ("pass", "sessioner", "workshop", "workshops", "seminarier", "sessions"),
}
ON_SITE_WORDS = ("påplats", "plats", "fysiskt", "fysisk", "onsite", "inperson", "lokalen")
ONLINE_WORDS = ("digitalt", "digital", "online", "distans", "webb", "webben", "zoom", "teams")
YES_WORDS = ("ja", "yes", "x", "1", "sant", "true")
NO_WORDS = ("nej", "no", "0", "falskt", "false")


def normalised(text):
    """Compare headers and words without case, spaces, dashes and punctuation."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return "".join(char for char in text if char.isalnum())


def targets(event):
    """``[(key, label)]`` the columns of a file can be matched to, for ``event``:
    the participant fields, attendance for a hybrid event, sessions when some are
    selectable, and each of the event's own questions (``answer_<id>``)."""
    keys = [
        "first_name",
        "last_name",
        "full_name",
        "email",
        "organisation",
        "municipality",
        "role",
        "phone",
        "dietary_needs",
        "accessibility_needs",
    ]
    if len(event.attendance_modes) > 1:
        keys.append("attendance_mode")
    if selectable(event):
        keys.append("sessions")
    choices = [(key, str(TARGETS[key])) for key in keys]
    choices += [(f"answer_{question.pk}", question.text) for question in event.questions.all()]
    return choices


def selectable(event):
    """The sessions attendees choose (prefetched by ``queries.events_for_signup``)."""
    prefetched = getattr(event, "selectable_sessions", None)
    if prefetched is not None:
        return list(prefetched)
    return list(event.sessions.filter(selectable=True))


def guess_mapping(headers, choices):
    """``[target key or ""]`` per header: exact words first, then a header that
    contains one (e.g. "E-postadress (arbete)"); each target for one column only."""
    words = dict(HEADER_WORDS)
    for key, label in choices:
        if key.startswith("answer_"):
            words[key] = (normalised(label),)
    allowed = {key for key, _label in choices}
    mapping = [""] * len(headers)
    taken = set()
    for exact in (True, False):
        for index, header in enumerate(headers):
            if mapping[index]:
                continue
            found = _guess(normalised(header), words, allowed - taken, exact=exact)
            if found:
                mapping[index] = found
                taken.add(found)
    return mapping


def _guess(header, words, allowed, *, exact):
    if not header:
        return ""
    for key in words:
        if key not in allowed:
            continue
        if exact and header in words[key]:
            return key
        if not exact and any(len(word) > 3 and word in header for word in words[key]):
            return key
    return ""
