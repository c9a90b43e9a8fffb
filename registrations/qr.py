"""The QR code in the confirmation e-mail: the registration's reference, shown at
the door and read by the check-in page (a scanner types it into the search box).

A full-size QR code (not a Micro QR, which many phone and hand scanners cannot
read), medium error correction, 8 pixels a module and the standard quiet zone.
"""

import io
from dataclasses import dataclass

import segno

from messaging.services import file_attachment

SCALE = 8
BORDER = 4


@dataclass(frozen=True)
class CheckinCode:
    content_id: str  # the HTML e-mail shows it as <img src="cid:{content_id}">
    size: int  # width and height in pixels
    attachment: dict  # for messaging.services.queue_email(attachments=...)


def reference_png(reference):
    """PNG bytes of a QR code that reads as ``reference``."""
    buffer = io.BytesIO()
    _symbol(reference).save(buffer, kind="png", scale=SCALE, border=BORDER)
    return buffer.getvalue()


def _symbol(reference):
    return segno.make_qr(reference, error="m")


def content_id(registration):
    """The Content-ID the HTML e-mail refers to: <img src="cid:...">."""
    return f"checkin-{registration.reference}@anmalan"


def checkin_code(registration):
    """The QR code of ``registration`` as an inline image part of an e-mail."""
    reference = registration.reference
    width, _height = _symbol(reference).symbol_size(scale=SCALE, border=BORDER)
    return CheckinCode(
        content_id=content_id(registration),
        size=width,
        attachment=file_attachment(
            filename=f"incheckning-{reference}.png",
            content=reference_png(reference),
            mimetype="image/png",
            content_id=content_id(registration),
        ),
    )
