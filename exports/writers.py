"""Sheets to files: CSV for Swedish Excel (streamed) and XLSX (openpyxl, write-only)."""

import csv
import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .cells import for_csv, for_xlsx, neutralise

BOM = "\ufeff"
DELIMITER = ";"  # Excel with Swedish regional settings splits on semicolons
FLUSH_AT = 64 * 1024  # characters per chunk handed to the response or file


class _Echo:
    """A file-like object whose write returns what it was given (for csv.writer)."""

    def write(self, value):
        return value


def csv_chunks(sheets):
    """The sheets as CSV text, yielded in chunks; UTF-8 BOM first, semicolons between.

    Several sheets follow one another, each under a line with its title. Every
    cell goes through ``for_csv``, which neutralises formulas (cells.neutralise), so
    the standard library's writer is enough: each cell is escaped once.
    """
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    zone = timezone.get_current_timezone()
    buffer = [BOM]
    size = 0
    for index, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if index:
                buffer.append(writer.writerow([]))
            buffer.append(writer.writerow([for_csv(str(sheet.title))]))
        buffer.append(writer.writerow([for_csv(str(label)) for label in sheet.header]))
        for row in sheet.rows:
            line = writer.writerow([for_csv(value, zone) for value in row])
            buffer.append(line)
            size += len(line)
            if size >= FLUSH_AT:
                yield "".join(buffer)
                buffer, size = [], 0
    yield "".join(buffer)


def write_csv(sheets, binary_file):
    for chunk in csv_chunks(sheets):
        binary_file.write(chunk.encode("utf-8"))


_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
RESERVED_SHEET_NAMES = {"history"}


def _cut(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def sheet_name(title, used):
    """A clean sheet name by Excel's rules, added to ``used`` (casefolded names so far).

    At most 31 characters (cut with an ellipsis), none of []:*?/\\ (they become
    spaces, and spaces do not double), no apostrophe first or last, not the
    reserved "History", and unique in the workbook: "Workshop (2)".
    """
    text = " ".join(_FORBIDDEN_IN_TITLE.sub(" ", str(title)).split()).strip("'").strip()
    text = text or "Blad"
    candidate, number = _cut(text, SHEET_NAME_LENGTH), 2
    while candidate.casefold() in used | RESERVED_SHEET_NAMES:
        suffix = f" ({number})"
        candidate = _cut(text, SHEET_NAME_LENGTH - len(suffix)) + suffix
        number += 1
    used.add(candidate.casefold())
    return candidate


def write_xlsx(sheets, binary_file):
    """Write the sheets to ``binary_file``: rows go to disk as they come (write-only)."""
    workbook = Workbook(write_only=True)
    used = set()
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet_name(sheet.name or sheet.title, used))
        worksheet.freeze_panes = "A2"
        header = []
        for number, label in enumerate(sheet.header, start=1):
            label = str(label)
            width = min(max(len(label) + 2, 12), 50)
            worksheet.column_dimensions[get_column_letter(number)].width = width
            cell = WriteOnlyCell(worksheet, value=neutralise(label))
            cell.font = bold
            header.append(cell)
        worksheet.append(header)
        for row in sheet.rows:
            worksheet.append([for_xlsx(value) for value in row])
    if not workbook.worksheets:
        workbook.create_sheet()
    workbook.save(binary_file)
