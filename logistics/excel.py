"""Excel (.xlsx) exports that stream in bounded memory and cannot carry formulas.

Callers pass columns and an iterable of row tuples (``values_list(...).iterator()``);
openpyxl's write-only mode spills rows to disk as they come, and the finished file
is streamed to the browser in chunks.
"""

import datetime
import tempfile
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "money": "#,##0.00",
    "decimal": "#,##0.##",
    "int": "0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.0%",
}


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, the kind of value and a width in characters."""

    header: str
    kind: str = "text"  # text, int, decimal, money, date, datetime, percent
    width: int = 14


def neutralise(text):
    """Make a text safe to put in a cell: no formula trigger first, no illegal characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def cell_value(value, kind="text"):
    """Turn a Python value into what the cell should hold."""
    if value is None:
        return None
    if type(value) is str:
        return neutralise(value)
    if kind in {"money", "decimal", "int", "percent"} and isinstance(
        value, (int, float, Decimal)
    ):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(tzinfo=None, microsecond=0)
        return value.date() if kind == "date" else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and kind == "text":
        return value
    return neutralise(str(value))


class _Sheet:
    def __init__(self, workbook, title, columns):
        self.ws = workbook.create_sheet(title=neutralise(str(title))[:31] or "Sheet")
        self.columns = columns
        # One styled cell per formatted column, reused row after row: a write-only
        # sheet writes each appended row at once, so the cell is free again after.
        self._protos = {}
        for index, column in enumerate(columns):
            self.ws.column_dimensions[get_column_letter(index + 1)].width = column.width
            if column.kind in FORMATS:
                proto = WriteOnlyCell(self.ws)
                proto.number_format = FORMATS[column.kind]
                self._protos[index] = proto

    def styled(self, value, font=None, fill=None, alignment=None):
        cell = WriteOnlyCell(self.ws, value=value)
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if alignment:
            cell.alignment = alignment
        return cell

    def row(self, values, *, bold=False):
        out = []
        protos = self._protos
        for index, (column, raw) in enumerate(zip(self.columns, values, strict=False)):
            value = cell_value(raw, column.kind)
            proto = protos.get(index)
            if value is None or (proto is None and not bold):
                out.append(value)  # an empty value gets no cell, as in plain openpyxl
                continue
            if bold:
                cell = WriteOnlyCell(self.ws, value=value)
                if proto is not None:
                    cell._style = copy(proto._style)
                cell.font = Font(bold=True)
            else:
                cell = proto
                cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            out.append(cell)
        self.ws.append(out)


def write_xlsx(
    fileobj, *, columns, rows, title, subtitle="", totals=None, sheet_title=None
):
    """Write a titled sheet to ``fileobj``: title, subtitle, header, rows, totals."""
    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook, sheet_title or title, columns)
    header_row = 3
    # Must be set before the first row: write-only sheets write their view first.
    sheet.ws.freeze_panes = f"A{header_row + 1}"
    sheet.ws.append(
        [sheet.styled(neutralise(str(title)), font=Font(bold=True, size=14))]
    )
    sheet.ws.append(
        [sheet.styled(neutralise(str(subtitle)), font=Font(color="666666"))]
    )
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.ws.append(
        [
            sheet.styled(
                neutralise(str(column.header)),
                font=Font(bold=True),
                fill=header_fill,
                alignment=Alignment(
                    horizontal="center", vertical="center", wrap_text=True
                ),
            )
            for column in columns
        ]
    )
    count = 0
    for values in rows:
        sheet.row(values)
        count += 1
    if count:
        sheet.ws.auto_filter.ref = (
            f"A{header_row}:{get_column_letter(len(columns))}{header_row + count}"
        )
    if totals is not None:
        sheet.row(totals, bold=True)
    workbook.save(fileobj)
    return count


def xlsx_response(*, filename, **kwargs):
    """Build the workbook in a temporary file and stream it to the browser."""
    spool = tempfile.TemporaryFile()
    write_xlsx(spool, **kwargs)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
