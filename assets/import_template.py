"""The ledger import's Excel template: the columns to fill and how to fill them.

The first sheet is the one the import reads: the template's headers, with
drop-down lists on the columns that take one of a few words. The sheets after
it are for the person filling it in: what each column takes, and the school's
own category codes, room codes, departments, people and classes to copy from.
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from logistics.excel import FORMULA_TRIGGERS
from logistics.models import Department, Location, Profile, SchoolClass
from logistics.text import listed

from . import importing
from .choices import (
    EDITABLE_STATUSES,
    AcquisitionMethod,
    AssetClass,
    AssetCondition,
    AssetStatus,
    ExpenseUse,
    FundingSource,
    UsageDirection,
)
from .models import Category
from .resources import AssetResource

REQUIRED = (*importing.REQUIRED_COLUMNS, "unit")
CHOICES = {
    "asset_class": AssetClass,
    "acquisition_method": AcquisitionMethod,
    "funding_source": FundingSource,
    "usage_direction": UsageDirection,
    "status": AssetStatus,
    "condition": AssetCondition,
    "expense_use": ExpenseUse,
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def how_to_fill():
    """attribute → what the column takes, in plain words."""
    return {
        "number": _(
            "Unique per school. A known number updates that card; a new one adds "
            "it; empty: a new card numbered by the school's pattern."
        ),
        "name": _("What the asset is called, e.g. 台式计算机."),
        "category": _("A code from the “categories” sheet."),
        "asset_class": _(
            "Empty: by the capitalisation threshold for a new card, unchanged for "
            "a known one."
        ),
        "quantity": _("A whole number; empty means 1."),
        "unit": _("e.g. 台, 张, 套."),
        "unit_price": _("In yuan, not negative, e.g. 5200 or 5,200.00."),
        "original_value": _("In yuan; empty means unit price × quantity."),
        "acquired_on": _(
            "A date like 2024-09-01 (2024/9/1 and 2024年9月1日 work too)."
        ),
        "warranty_until": _("A date like 2027-09-01, or empty."),
        "location": _("A room code from the “rooms” sheet, or empty."),
        "department": _("A department from the “departments” sheet, or empty."),
        "custodian": _(
            "The person's name or employee number from the “people” sheet, or empty."
        ),
        "responsible_class": _(
            "A class like 初一(3)班 from the “classes” sheet, or empty."
        ),
        "depreciation_years_override": _(
            "Only when this card depreciates over other years than its category: "
            "1 to 100. Empty means the category's years."
        ),
        "nominal_amount": _(
            "是 for an asset booked at a nominal amount (名义金额), never depreciated."
        ),
        "opening_accumulated": _(
            "When the ledger is opened (建账): the accumulated depreciation from the "
            "old ledger up to the month before. Empty: computed by the rule."
        ),
    }


def choice_labels(attribute):
    choices = CHOICES[attribute]
    # An import may only set the statuses a card's form may: disposals and
    # stocktakes set the others.
    values = EDITABLE_STATUSES if attribute == "status" else choices.values
    return [str(label) for value, label in choices.choices if value in values]


def template_workbook(school_id):
    """The template as .xlsx bytes, with the school's own lists to copy from."""
    columns = importing.columns()
    attributes = list(columns)
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("import template sheet", "ledger")
    sheet.append([str(columns[name]) for name in attributes])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(attributes, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if name in REQUIRED else HEADER_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(10, 2 * len(cell.value) + 2)
        if name in CHOICES:
            rule = DataValidation(
                type="list",
                formula1='"{}"'.format(",".join(choice_labels(name))),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=str(columns[name]),
                error=_("Choose one of the list."),
            )
            rule.add(f"{letter}2:{letter}{AssetResource.max_rows() + 1}")
            sheet.add_data_validation(rule)

    guide = book.create_sheet(pgettext("import template sheet", "how to fill in"))
    guide.append([_("Column"), _("Required"), _("What to write")])
    notes = how_to_fill()
    for name in attributes:
        note = str(notes.get(name, ""))
        if name in CHOICES:
            labels = _("One of: %(labels)s.") % {"labels": listed(choice_labels(name))}
            note = f"{labels} {note}".strip()
        guide.append([str(columns[name]), _("yes") if name in REQUIRED else "", note])
    guide.append([])
    guide.append(
        [
            _(
                "Fill in the first sheet, one asset per row, and keep its headers. "
                "Nothing is written until every row is right."
            )
        ],
    )
    guide.append(
        [
            _(
                "A row with a known asset number replaces that card's details with "
                "the row's: an empty cell empties the field or sets its default "
                "(asset class excepted). Leave out a column to leave it alone."
            )
        ],
    )
    guide.append(
        [
            _(
                "Type codes and employee numbers that start with 0 as text "
                "(format the column as Text first), and dates as dates or "
                "like 2024-09-01."
            )
        ],
    )
    _style_list(guide, widths=(20, 8, 70))

    for title, headers, rows in school_lists(school_id):
        _list_sheet(book, title, headers, rows)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def school_lists(school_id):
    """(sheet title, headers, rows) of each list a filled-in column copies from."""
    mine = {"school_id": school_id}
    return [
        (
            pgettext("import template sheet", "categories"),
            [_("Category code"), _("Category"), _("Depreciation years")],
            Category.objects.filter(**mine)
            .order_by("code")
            .values_list("code", "name", "depreciation_years"),
        ),
        (
            pgettext("import template sheet", "rooms"),
            [_("Location code"), _("Building"), _("Location")],
            Location.objects.filter(**mine, is_active=True)
            .order_by("code")
            .values_list("code", "building__name", "name"),
        ),
        (
            pgettext("import template sheet", "departments"),
            [_("Department")],
            Department.objects.filter(**mine).order_by("name").values_list("name"),
        ),
        (
            pgettext("import template sheet", "people"),
            [pgettext("person", "Name"), _("Employee number"), _("Department")],
            Profile.objects.filter(**mine, user__is_active=True)
            .order_by("real_name")
            .values_list("real_name", "employee_number", "department__name"),
        ),
        (
            pgettext("import template sheet", "classes"),
            [_("Class")],
            ((str(c),) for c in SchoolClass.objects.filter(**mine)),
        ),
    ]


def _list_sheet(book, title, headers, rows):
    sheet = book.create_sheet(title)
    sheet.append([str(header) for header in headers])
    for line, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _text_cell(sheet.cell(row=line, column=column), value)
    _style_list(sheet, widths=[18] * len(headers))


def _text_cell(cell, value):
    """A value to copy into the first sheet exactly as it reads: always text,
    never a formula, and with no quote mark added to it (Excel's quote prefix
    is a style, not part of the text)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


def _style_list(sheet, widths):
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2, max_col=len(widths)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
