"""The file formats the admin exports with (django-import-export), formula-safe
without changing what a person reads.

A resource's dataset holds every text as it is. The format decides how to keep
a text that starts with ``= + - @`` inert:

- ``.xlsx``: a string cell with the quote-prefix style, as the app's own exports
  (logistics/excel.py) do: Excel and LibreOffice show the text unchanged, with no
  apostrophe, and never compute it;
- CSV and TSV have no cell styles: an apostrophe before the text is the one way
  to keep it inert there (``logistics.excel.neutralise``).

Registered in settings as ``EXPORT_FORMATS``; this module imports no models, so
the settings can name its classes.
"""

import datetime
import io
from decimal import Decimal

from import_export.formats import base_formats


def _neutralised(dataset):
    from .excel import neutralise

    copy = dataset.__class__(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([neutralise(v) if isinstance(v, str) else v for v in row])
    return copy


class NeutralisedCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class NeutralisedTSV(base_formats.TSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class QuotePrefixXLSX(base_formats.XLSX):
    """The dataset as one sheet written by XlsxWriter: texts as string cells
    (quote-prefixed when they start with a formula trigger), numbers as numbers,
    dates as dates."""

    def export_data(self, dataset, **kwargs):
        import xlsxwriter

        from .excel import QUOTE_PREFIXED, cell_text

        out = io.BytesIO()
        book = xlsxwriter.Workbook(
            out,
            {
                "in_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        sheet = book.add_worksheet((dataset.title or "Sheet1")[:31])
        quoted = book.add_format({"quote_prefix": True})
        bold = book.add_format({"bold": True})
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        times = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})

        def write(row, col, value, header=False):
            if value is None or value == "":
                return
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(row, col, float(value))
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(row, col, value.replace(tzinfo=None), times)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(row, col, value, dates)
            else:
                text = cell_text(str(value))
                if text.startswith(QUOTE_PREFIXED):
                    sheet.write_string(row, col, text, quoted)
                else:
                    sheet.write_string(row, col, text, bold if header else None)

        for col, header in enumerate(dataset.headers or ()):
            write(0, col, header, header=True)
        first = 1 if dataset.headers else 0
        for index, values in enumerate(dataset):
            for col, value in enumerate(values):
                write(first + index, col, value)
        book.close()
        return out.getvalue()


EXPORT_FORMATS = [QuotePrefixXLSX, NeutralisedCSV, NeutralisedTSV]
