"""Reading an uploaded participant list (CSV or XLSX) into rows of text, with tablib.

CSV as Excel writes it: UTF-8 (with or without BOM) or Windows-1252, separated by
semicolons, commas or tabs (an Excel "sep=;" first line is understood). XLSX: the
first sheet. The first row holds the headers. Whatever cannot be read gives
ImportFileError with a message to show, never a server error.
"""

import csv
import datetime as dt
import zipfile

import tablib
from django.utils import formats
from django.utils.translation import gettext as _
from tablib.exceptions import InvalidDimensions

from registrations.importing import MAX_ROWS

MAX_BYTES = 5 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format


class ImportFileError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def read_table(uploaded):
    """``(headers, rows)`` of an uploaded file: lists of text, empty cells as ""."""
    if uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB. Split the list into smaller files."))
    content = uploaded.read()
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    if content.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) "
                "or as CSV, and upload that."
            )
        )
    dataset = _xlsx(content) if content.startswith(ZIP_MAGIC) else _csv(content)
    headers = [_text(header) for header in (dataset.headers or [])]
    rows = [[_text(cell) for cell in row] for row in dataset]
    while rows and not any(rows[-1]):
        rows.pop()
    if not any(headers):
        raise ImportFileError(_("The first row of the file should hold the column headers."))
    if not any(any(row) for row in rows):
        raise ImportFileError(_("The file has no rows under the header row."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(rows)d rows; at most %(max)d can be imported at once.")
            % {"rows": len(rows), "max": MAX_ROWS}
        )
    headers = [
        header or _("Column %(number)d") % {"number": n} for n, header in enumerate(headers, 1)
    ]
    return headers, rows


def _not_a_spreadsheet():
    return ImportFileError(
        _(
            "The file could not be read as a spreadsheet. Upload a CSV file or an Excel "
            "workbook (.xlsx) with the column headers in the first row."
        )
    )


def _xlsx(content):
    try:
        return tablib.Dataset().load(content, format="xlsx")
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise _not_a_spreadsheet() from error


def _csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text or _mostly_binary(text):
        raise _not_a_spreadsheet()
    first_line, _newline, rest = text.partition("\n")
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:
        delimiter, text = first_line.strip()[4], rest
    else:
        delimiter = _delimiter(text)
    try:
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except InvalidDimensions as error:
        raise ImportFileError(
            _(
                "A row has more cells than the header row. Check that every row uses the "
                "same separator and that texts with separators in them are in quotes."
            )
        ) from error
    except csv.Error as error:
        raise _not_a_spreadsheet() from error


def _mostly_binary(text):
    sample = text[:4000]
    odd = sum(1 for char in sample if not char.isprintable() and char not in "\r\n\t")
    return odd > len(sample) // 20


def _delimiter(text):
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text.splitlines() else ""
        return max(";,\t", key=header.count)


def _text(value):
    """A cell as text: numbers without a needless '.0', dates in Swedish form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return formats.date_format(value, "Y-m-d")
    return " ".join(str(value).split())
