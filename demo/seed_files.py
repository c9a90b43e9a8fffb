"""Files the demo data makes for itself when it is loaded: initials portraits of
speakers, and the programme and slides of a past event.

They are drawn from the seed data at load time, so the repository holds neither
pictures of people nor binary files. A file is made once: a later load finds it
in the media storage and keeps it, so loading twice changes nothing.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from django.utils.translation import gettext, override
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from events.programme import programme_days
from events.templatetags.event_format import date_range, day_heading, time_range
from exports import pdf

PORTRAIT_SIZE = 384  # pixels; shown at 96 px, sharp on high-density screens
# Backgrounds on which white initials have a contrast of at least 7:1.
BACKGROUNDS = ("#1f4e79", "#7a2e39", "#2f5d50", "#5a3d7a", "#6b3f0f", "#3b4f63")
SLIDE = landscape(A4)


def _stored(name, make):
    """The storage name ``name``, its file made by ``make()`` (bytes) if missing."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(make()))
    return name


def portrait(speaker_name):
    """An initials portrait of ``speaker_name`` (a PNG in speakers/); its name."""
    return _stored(f"speakers/{slugify(speaker_name)}.png", lambda: _portrait(speaker_name))


def initials(name):
    """ "Åsa Furén Thulin" -> "ÅT"; "Cher" -> "CH"."""
    words = name.split()
    return (words[0][0] + words[-1][0] if len(words) > 1 else name[:2]).upper()


def _portrait(name):
    digest = hashlib.sha256(name.encode()).digest()
    image = Image.new("RGB", (PORTRAIT_SIZE, PORTRAIT_SIZE), BACKGROUNDS[digest[0] % 6])
    with (pdf.FONT_DIR / pdf.FONT_FILES[pdf.BOLD]).open("rb") as file:
        font = ImageFont.truetype(file, int(PORTRAIT_SIZE * 0.4))
    centre = PORTRAIT_SIZE / 2
    ImageDraw.Draw(image).text((centre, centre), initials(name), "white", font, anchor="mm")
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def document(kind, event, title):
    """A PDF ``kind`` ("programme" or "slides") of ``event`` in materials/; its name."""
    if kind not in DOCUMENTS:
        raise ValueError(f"unknown document {kind!r} for material {title!r}")
    return _stored(
        f"materials/{event.slug}-{slugify(title)}.pdf",
        lambda: _pdf(DOCUMENTS[kind], event, title),
    )


def _pdf(draw, event, title):
    pdf.register_fonts()
    output = io.BytesIO()
    canvas = Canvas(output, pageCompression=1, initialFontName=pdf.FONT)
    canvas.setTitle(title)
    canvas.setAuthor(event.organiser.name)
    sessions = list(event.sessions.with_speakers().order_by("starts_at", "room", "title"))
    with override("sv"):
        draw(canvas, event, programme_days(sessions))
    canvas.save()
    return output.getvalue()


def _speaker_names(session):
    return ", ".join(link.speaker.name for link in session.ordered_speakers)


def _programme(canvas, event, days):
    """The printed programme: A4, a heading per day, a line per session."""
    canvas.setPageSize(A4)
    width, height = A4
    margin = 20 * mm
    y = height - margin

    def line(text, font, size, gap, indent=0):
        nonlocal y
        if y < margin + gap:
            canvas.showPage()
            y = height - margin
        canvas.setFont(font, size)
        canvas.drawString(margin + indent, y, pdf.fit(text, font, size, width - 2 * margin))
        y -= gap

    line(gettext("Programme"), pdf.BOLD, 18, 9 * mm)
    line(f"{event.title}, {date_range(event.starts_at, event.ends_at)}", pdf.FONT, 11, 6 * mm)
    line(str(event.venue or ""), pdf.FONT, 11, 10 * mm)
    for day, sessions in days:
        line(day_heading(day), pdf.BOLD, 13, 8 * mm)
        for session in sessions:
            line(time_range(session.starts_at, session.ends_at), pdf.FONT, 10, 0)
            line(session.title, pdf.BOLD, 10, 5 * mm, indent=32 * mm)
            if session.ordered_speakers:
                line(_speaker_names(session), pdf.FONT, 9, 5 * mm, indent=32 * mm)
            y -= 2 * mm
        y -= 4 * mm
    canvas.showPage()


def _slides(canvas, event, days):
    """Slides of the event's themes: a title slide, one per day, a closing slide."""
    canvas.setPageSize(SLIDE)
    width, height = SLIDE
    margin = 25 * mm

    def slide(heading, lines, size=22):
        canvas.setFillColor(colors.HexColor(BACKGROUNDS[0]))
        canvas.rect(0, height - 40 * mm, width, 40 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(pdf.BOLD, 28)
        canvas.drawString(
            margin, height - 26 * mm, pdf.fit(heading, pdf.BOLD, 28, width - 2 * margin)
        )
        canvas.setFillColor(colors.black)
        y = height - 60 * mm
        for text in lines:
            canvas.setFont(pdf.FONT, size)
            canvas.drawString(margin, y, pdf.fit(text, pdf.FONT, size, width - 2 * margin))
            y -= size * 0.55 * mm
        canvas.showPage()

    when = date_range(event.starts_at, event.ends_at)
    slide(event.title, [when, str(event.venue or ""), event.organiser.name])
    for number, (day, sessions) in enumerate(days, start=1):
        talks = [f"• {s.title}" for s in sessions if s.kind in ("talk", "panel", "workshop")]
        slide(
            gettext("Day %(number)d: %(day)s") % {"number": number, "day": day_heading(day)}, talks
        )
    slide(gettext("Thank you for coming!"), [event.organiser.name, event.contact_address])


DOCUMENTS = {"programme": _programme, "slides": _slides}
