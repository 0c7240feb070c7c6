"""Excel (.xlsx) exports that stream in bounded memory and cannot carry formulas.

Callers pass columns and an iterable of row tuples (``values_list(...).iterator()``)
whose values are in the columns' order. XlsxWriter in ``constant_memory`` mode
keeps one row in memory and spills the others to a temporary file; the finished
workbook is built in another temporary file and streamed to the browser in chunks.

Each column chooses once how its values are written (``Column.kind``), so a cell
costs one call: a text is written as a string cell, with the quote-prefix style
when it starts with a formula trigger (the cell shows ``=1+1``, not ``'=1+1``,
and stays text when edited); numbers and dates are written as typed numbers.
"""

import datetime
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

import xlsxwriter

# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Control characters that XML 1.0 cannot carry (openpyxl's ILLEGAL_CHARACTERS_RE).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# Those and the carriage return: a text holding one takes the slow path in cell_text.
UNUSUAL_CHARACTERS = re.compile(r"[\000-\010\013-\037]")
# What a cell's text is quote-prefixed for: the triggers, and a line feed (what a
# leading carriage return becomes).
QUOTE_PREFIXED = (*FORMULA_TRIGGERS, "\n")

FORMATS = {
    "money": "#,##0.00",
    "decimal": "#,##0.##",
    "int": "0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.0%",
    # A column of figures of different kinds (a count, an amount, a percentage):
    # each as it is, 320 and 1,234.5 (the annual report's values).
    "number": "General",
}
KINDS = ("text", *FORMATS)

# Excel's day 0 for any date after February 1900 (its 1900 leap-year bug included).
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
EXCEL_EPOCH_DATE = EXCEL_EPOCH.date()
EXCEL_EPOCH_UTC = EXCEL_EPOCH.replace(tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
DAY_SECONDS = 86400
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, the kind of value and a width in characters.

    ``labels`` maps a stored value to what the cell shows (a choice's label, a
    category's name, a request's parts); values it does not hold are written as
    they are.
    """

    header: str
    kind: str = "text"  # text, int, decimal, money, date, datetime, percent, number
    width: int = 14
    labels: dict | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def clean_text(text):
    """A text without the control characters a cell cannot hold."""
    if ILLEGAL_CHARACTERS.search(text):
        return ILLEGAL_CHARACTERS.sub("", text)
    return text


def cell_text(text):
    """A text as a cell holds it: no control characters, and a line break is a line
    feed (browsers send a textarea's lines as CR LF; a CR in a cell shows as junk
    in some readers)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean_text(text)


def neutralise(text):
    """A text made safe for a format without cell styles (CSV, tablib datasets):
    no formula trigger first (an apostrophe goes before it), no illegal characters.

    The .xlsx writer below does not need it: it sets the quote-prefix style instead.
    """
    text = clean_text(text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class LocalSerial:
    """Aware datetimes as Excel serial numbers of the local wall-clock time, to the
    second.

    A zone's offset changes a few times a year at most, so it is looked up once per
    UTC day and kept: a value then costs a subtraction and a dict lookup instead of
    ``astimezone()`` (four datetimes a row made that a tenth of the repair ledger).
    A day on which the offset changes is converted value by value.
    """

    def __init__(self, zone=None):
        self.zone = zone or timezone.get_current_timezone()
        self.offsets = {}  # UTC day number -> offset in seconds, or None

    def offset(self, day):
        start = EXCEL_EPOCH_UTC + datetime.timedelta(days=day)
        first = start.astimezone(self.zone).utcoffset()
        last = (
            (start + datetime.timedelta(days=1, microseconds=-1))
            .astimezone(self.zone)
            .utcoffset()
        )
        offset = first // SECOND if first == last else None
        self.offsets[day] = offset
        return offset

    def __call__(self, value):
        if value.tzinfo is None:  # already local wall-clock time
            return ((value - EXCEL_EPOCH) // SECOND) / DAY_SECONDS
        seconds = (value - EXCEL_EPOCH_UTC) // SECOND
        day = seconds // DAY_SECONDS
        offset = self.offsets.get(day, False)
        if offset is False:
            offset = self.offset(day)
        if offset is None:  # a day the clocks change: this value on its own
            offset = value.astimezone(self.zone).utcoffset() // SECOND
        return (seconds + offset) / DAY_SECONDS


class _Sheet:
    """One worksheet and, per column, the one function that writes its cells."""

    def __init__(self, workbook, title, columns):
        self.workbook = workbook
        self.ws = workbook.add_worksheet(sheet_name(title))
        self.serial = LocalSerial()
        self.writers = [self.writer(column) for column in columns]
        self.bold_writers = [self.writer(column, bold=True) for column in columns]
        for index, column in enumerate(columns):
            self.ws.set_column(index, index, column.width)

    def formats(self, **properties):
        """A cell format and its quote-prefixed twin (for text that starts with a
        formula trigger)."""
        add = self.workbook.add_format
        return add(properties) if properties else None, add(
            {**properties, "quote_prefix": True}
        )

    def writer(self, column, *, bold=False):
        """``write(row, col, value)`` for the column's kind, chosen once."""
        extra = {"bold": True} if bold else {}
        plain, quoted = self.formats(**extra)
        # XlsxWriter's undecorated writers: the public ones first check for an "A1"
        # cell name, a cost paid on every cell (XlsxWriter is pinned).
        ws = self.ws
        write_string, write_number = ws._write_string, ws._write_number
        write_boolean = ws._write_boolean
        labels = column.labels

        def write_text(row, col, value):
            if type(value) is not str:
                if isinstance(value, bool):
                    return write_boolean(row, col, value, plain)
                if type(value) in (int, float, Decimal):
                    return write_number(row, col, value, plain)
                value = str(value)
            if not value:
                return None  # an empty text is an empty cell
            if UNUSUAL_CHARACTERS.search(value):
                value = cell_text(value)
            if value.startswith(QUOTE_PREFIXED):
                return write_string(row, col, value, quoted)
            return write_string(row, col, value, plain)

        if column.kind == "text":
            if labels is None:
                return write_text

            def write_label(row, col, value):
                value = labels.get(value, value)
                if value is not None:
                    write_text(row, col, value)

            return write_label

        cell_format, _quoted = self.formats(num_format=FORMATS[column.kind], **extra)
        if column.kind in ("date", "datetime"):
            serial, as_date = self.serial, column.kind == "date"

            def write_date(row, col, value):
                if type(value) is datetime.date:
                    number = (value - EXCEL_EPOCH_DATE).days
                elif isinstance(value, datetime.datetime):
                    number = serial(value)
                    if as_date:
                        number = int(number)
                else:
                    return write_text(row, col, value)
                return write_number(row, col, number, cell_format)

            return write_date

        def write_amount(row, col, value):
            if type(value) in (Decimal, int, float):
                return write_number(row, col, value, cell_format)
            return write_text(row, col, value)

        return write_amount

    def write_row(self, row, values, *, bold=False):
        writers = self.bold_writers if bold else self.writers
        for col, (write, value) in enumerate(zip(writers, values, strict=False)):
            if value is not None:
                write(row, col, value)

    def write_label(self, row, col, text, **properties):
        """A title, subtitle or header: always text, quote-prefixed if it needs it."""
        text = cell_text(str(text))
        plain, quoted = self.formats(**properties)
        cell_format = quoted if text.startswith(QUOTE_PREFIXED) else plain
        self.ws.write_string(row, col, text, cell_format)


def sheet_name(title):
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    name = re.sub(r"[\[\]:*?/\\]", "", clean_text(str(title))).strip("'")[:31]
    return name or "Sheet"


def write_xlsx(
    fileobj, *, columns, rows, title, subtitle="", totals=None, sheet_title=None
):
    """Write a titled sheet to ``fileobj``: title, subtitle, header, rows, totals.

    Returns the number of data rows written.
    """
    workbook = xlsxwriter.Workbook(
        fileobj,
        {
            "constant_memory": True,
            # Cells are written by type; these only guard against a stray write().
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = _Sheet(workbook, sheet_title or title, columns)
    header_row = 2  # zero-based: the title, the subtitle, then the header
    sheet.ws.freeze_panes(header_row + 1, 0)
    sheet.write_label(0, 0, title, bold=True, font_size=14)
    sheet.write_label(1, 0, subtitle, font_color="#666666")
    for index, column in enumerate(columns):
        sheet.write_label(
            header_row,
            index,
            column.header,
            bold=True,
            bg_color="#DDEBF7",
            pattern=1,
            align="center",
            valign="vcenter",
            text_wrap=True,
        )
    write_row, last = sheet.write_row, header_row
    for last, values in enumerate(rows, header_row + 1):
        write_row(last, values)
    count = last - header_row
    if count and columns:
        sheet.ws.autofilter(header_row, 0, last, len(columns) - 1)
    if totals is not None:
        write_row(last + 1, list(totals), bold=True)
    workbook.close()
    return count


def xlsx_response(*, filename, **kwargs):
    """Build the workbook in a temporary file and stream it to the browser."""
    spool = tempfile.TemporaryFile()
    write_xlsx(spool, **kwargs)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=CONTENT_TYPE
    )


def export_subtitle(school, extra=""):
    """The line under an export's title: whose it is and when it was made."""
    text = _("%(school)s, exported %(date)s") % {
        "school": school or "",
        "date": timezone.localdate().isoformat(),
    }
    return f"{text} {extra}".strip()


def export_filename(stem):
    """A file name with the local date, e.g. ``资产台账-20261125.xlsx``."""
    return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
