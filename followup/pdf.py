"""A certificate of attendance on paper (A4), in the active language.

Set in Kurinto Sans like the printed lists (``exports.pdf``), so that every name
prints, Sámi and Meänkieli letters included.
"""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from events.formatting import time_range, weekday_date
from exports.pdf import BOLD, FONT, register_fonts

WIDTH, HEIGHT = A4
MARGIN = 25 * mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
BOTTOM = 40 * mm  # the verification block sits below this line


def hours_text(hours):
    """'6 timmar', '6,5 timmar' ('6.5 hours')."""
    rounded = round(hours * 2) / 2
    number = formats.number_format(rounded, decimal_pos=0 if rounded.is_integer() else 1)
    return ngettext("%(hours)s hour", "%(hours)s hours", rounded) % {"hours": number}


def organisers_text(event):
    names = [event.organiser.name, *(other.name for other in event.co_organisers.all())]
    if len(names) == 1:
        return _("Organised by %(organiser)s") % {"organiser": names[0]}
    return _("Organised by %(organiser)s together with %(others)s") % {
        "organiser": names[0],
        "others": ", ".join(names[1:]),
    }


def wrap(text, font, size, width=TEXT_WIDTH):
    """``text`` in lines that fit ``width`` points (a word longer than that is cut)."""
    lines, line = [], ""
    for word in str(text).split():
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while stringWidth(word, font, size) > width:
            cut = len(word)
            while cut > 1 and stringWidth(word[:cut], font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


class _Writer:
    def __init__(self, title):
        self.buffer = io.BytesIO()
        register_fonts()
        self.canvas = Canvas(self.buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Anmälan")
        self.y = HEIGHT - MARGIN

    def text(self, text, *, font=FONT, size=11, gap=1.45, centred=False, colour=colors.black):
        for line in wrap(text, font, size):
            if self.y - size * gap < BOTTOM:
                self.page_break()
            self.y -= size * gap
            self.canvas.setFont(font, size)
            self.canvas.setFillColor(colour)
            if centred:
                self.canvas.drawCentredString(WIDTH / 2, self.y, line)
            else:
                self.canvas.drawString(MARGIN, self.y, line)
        self.canvas.setFillColor(colors.black)

    def space(self, points):
        self.y -= points

    def page_break(self):
        self.footer()
        self.canvas.showPage()
        self.y = HEIGHT - MARGIN

    def footer(self):
        pass

    def save(self):
        self.footer()
        self.canvas.save()
        return self.buffer.getvalue()


def certificate_pdf(attendance, certificate, url):
    """The PDF of one participant's ``attendance`` (followup.certificates.Attendance)."""
    registration = attendance.registration
    event = registration.event
    writer = _Writer(_("Certificate of attendance – %(name)s") % {"name": registration.full_name})

    def footer():
        canvas = writer.canvas
        canvas.setStrokeColor(colors.HexColor("#6c757d"))
        canvas.line(MARGIN, BOTTOM - 6 * mm, WIDTH - MARGIN, BOTTOM - 6 * mm)
        canvas.setFont(FONT, 9)
        canvas.drawString(
            MARGIN, BOTTOM - 12 * mm, _("Verification code: %(code)s") % {"code": certificate.code}
        )
        canvas.drawString(
            MARGIN,
            BOTTOM - 17 * mm,
            _("Check that the certificate is genuine at %(url)s") % {"url": url},
        )

    writer.footer = footer
    writer.space(12 * mm)
    writer.text(_("Certificate of attendance"), font=BOLD, size=24, centred=True)
    writer.space(10 * mm)
    writer.text(_("This is to certify that"), size=12, centred=True)
    writer.space(3 * mm)
    writer.text(registration.full_name, font=BOLD, size=20, centred=True)
    if registration.organisation:
        writer.text(registration.organisation, size=12, centred=True)
    writer.space(3 * mm)
    writer.text(_("took part in"), size=12, centred=True)
    writer.space(3 * mm)
    writer.text(event.title, font=BOLD, size=16, centred=True)
    writer.text(organisers_text(event), size=11, centred=True)
    if event.venue:
        writer.text(str(event.venue), size=11, centred=True)
    writer.space(10 * mm)

    writer.text(_("Days attended"), font=BOLD, size=12)
    for day in attendance.days:
        writer.text(
            _("%(day)s, %(hours)s")
            % {"day": weekday_date(day.starts_at), "hours": time_range(day.starts_at, day.ends_at)},
            size=11,
        )
    total = ngettext("%(count)d day", "%(count)d days", len(attendance.days)) % {
        "count": len(attendance.days)
    }
    writer.text(
        _("In all: %(days)s, %(hours)s") % {"days": total, "hours": hours_text(attendance.hours)},
        size=11,
    )
    if attendance.sessions:
        writer.space(5 * mm)
        writer.text(_("Programme items attended"), font=BOLD, size=12)
        for session in attendance.sessions:
            writer.text(
                f"{weekday_date(session.starts_at)}, "
                f"{time_range(session.starts_at, session.ends_at)}: {session.title}",
                size=11,
            )
    return writer.save()
