"""Importing a ledger from Excel: every row checked in Python, then written in bulk.

The accountant's file is read once (tablib), every related row it names is
fetched once per import (categories, departments, the rooms and the existing
cards the file mentions), and each row is checked in Python against those
dictionaries, so checking 10,000 rows costs a handful of queries instead of
several per row. The plan says for each row: new, changed, unchanged or wrong
(with every mistake in plain words).

- A preview (``commit=False``) writes nothing, not even a number counter.
- A commit writes every row or none: any wrong row and nothing is written.
  New cards go in with ``bulk_create_with_history``, changed ones with
  ``bulk_update_with_history``, so each keeps its history record; unchanged
  rows are not touched, so importing the same file again changes nothing.
- The asset number counters are locked before the file's numbers are checked
  and moved past every imported number that follows the number pattern, so a
  number handed out later never meets an imported one.
"""

import datetime
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import tablib
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from logistics import files
from logistics.dates import ACQUIRED, ANY, check_date
from logistics.excel import FORMULA_TRIGGERS
from logistics.fields import no_control_characters
from logistics.models import Department, Location, Profile, School, SchoolClass
from logistics.rules import rules_cached
from logistics.text import listed

from . import depreciation, posting
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
from .models import MAX_QUANTITY, Asset, Category, Transfer
from .services import (
    asset_class_for,
    asset_numbers_allocate,
    number_counters_advance,
    number_counters_lock,
)

NEW, UPDATE, SKIP, INVALID = "new", "update", "skip", "invalid"
KINDS = (NEW, UPDATE, SKIP, INVALID)
# The number may be left out: a card without one gets the next of the school's pattern.
REQUIRED_COLUMNS = ("name", "category", "unit_price", "acquired_on")
# Derived from the card by depreciation.apply_schedule(): rewritten with any change.
SCHEDULE_FIELDS = (
    "depreciation_start",
    "depreciation_end",
    "depreciation_months",
    "monthly_depreciation",
)
BATCH = 1000
LOOKUP_CHUNK = 2000

DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$"
)
MONEY_LIMIT = Decimal(10) ** (Asset._meta.get_field("unit_price").max_digits - 2)


# -- cells ----------------------------------------------------------------------------


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value):
    """A cell as text: Excel's 1001.0 for a typed 1001 becomes "1001"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]  # what an export wrote as '-1F01 to keep it from Excel
    return text


def clean_date(value):
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_RE.match(str(value))
    try:
        if match is None:
            raise ValueError
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a date: write it like 2024-09-01.")
            % {"value": text_of(value)}
        ) from None


def date_cleaner(meaning, school_id):
    """A date cell, refused outside the range of its ``meaning`` (logistics.dates)."""
    school = School.objects.filter(pk=school_id).only("founded_year").first()

    def clean(value):
        day = clean_date(value)
        try:
            check_date(day, meaning, school=school)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        return day

    return clean


def clean_money(value):
    if is_blank(value):
        return None
    text = str(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValueError(_("“%(value)s” is not an amount of money.") % {"value": value})
    if amount < 0:
        raise ValueError(
            _("An amount cannot be negative: %(value)s.") % {"value": text_of(value)}
        )
    amount = amount.quantize(Decimal("0.01"))
    if amount >= MONEY_LIMIT:
        raise ValueError(
            _("“%(value)s” is too large an amount.") % {"value": text_of(value)}
        )
    return amount


YES = {"是", "yes", "y", "true", "1", "√", "✓"}
NO = {"否", "no", "n", "false", "0", ""}


def clean_yes_no(value):
    text = text_of(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("Write 是 or 否 (yes or no)."))


def whole_number(value, low, high):
    """The cell as an int in [low, high], else None."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if (
        not number.is_finite()
        or number != number.to_integral_value()
        or not low <= number <= high
    ):
        return None
    return int(number)


def clean_quantity(value):
    if is_blank(value):
        return 1
    number = whole_number(value, 1, MAX_QUANTITY)
    if number is None:
        raise ValueError(
            _(
                "The quantity must be a whole number from 1 to %(limit)s, "
                "not “%(value)s”."
            )
            % {"limit": MAX_QUANTITY, "value": text_of(value)}
        )
    return number


YEARS_LIMIT = 100


def clean_years(value):
    """Depreciation years of this one card; blank means its category's."""
    if is_blank(value):
        return None
    years = whole_number(value, 1, YEARS_LIMIT)
    if years is None:
        raise ValueError(
            _(
                "Depreciation years must be a whole number from 1 to %(limit)d, "
                "not “%(value)s”."
            )
            % {"limit": YEARS_LIMIT, "value": text_of(value)}
        )
    return years


def choice_cleaner(choices, default):
    """Accepts a choice's code or its label in Chinese or English, in any case
    ("In use", "in use" and "IN USE" alike)."""
    accepted = {}
    for code, label in choices.choices:
        accepted[code.casefold()] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                accepted[str(label).casefold()] = code
        accepted[str(label).casefold()] = code
    allowed = listed(str(label) for _code, label in choices.choices)

    def clean(value):
        if is_blank(value):
            return default
        text = text_of(value)
        try:
            return accepted[text.casefold()]
        except KeyError:
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": text, "allowed": allowed}
            ) from None

    return clean


def text_cleaner(attribute, required=False):
    limit = Asset._meta.get_field(attribute).max_length

    def clean(value):
        text = text_of(value)
        if required and not text:
            raise ValueError(_("This column must be filled in."))
        if limit and len(text) > limit:
            raise ValueError(
                _("At most %(limit)d characters, not %(length)d.")
                % {"limit": limit, "length": len(text)}
            )
        try:
            no_control_characters(text)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        return text

    return clean


def lookup_cleaner(table, message):
    """A related row by its key in ``table`` (key → id, or None when ambiguous)."""

    def clean(value):
        if is_blank(value):
            return None
        key = text_of(value)
        found = table.get(key)
        if found is None:
            raise ValueError(str(message) % {"value": key})
        return found

    return clean


def person_cleaner(lookups):
    """A custodian by employee number or by name, as the school's people list has them."""

    def clean(value):
        if is_blank(value):
            return None
        key = text_of(value)
        found = lookups.people.find(key)
        if found is not None:
            return found
        if key in lookups.people.shared_names:
            raise ValueError(
                _(
                    "More than one person is called “%(value)s”: "
                    "write their employee number instead."
                )
                % {"value": key}
            )
        raise ValueError(
            _("Nobody at the school is called “%(value)s” or has that employee number.")
            % {"value": key}
        )

    return clean


def class_key(text):
    """初一(3)班, 初一（3）班, 初一3班 and "Junior 1 class 3" compare as written."""
    return re.sub(r"[\s()（）班]|class", "", str(text).lower())


def class_cleaner(lookups):
    def clean(value):
        if is_blank(value):
            return None
        found = lookups.class_ids.get(class_key(text_of(value)))
        if found is None:
            raise ValueError(
                _("No class “%(value)s”: write it like 初一(3)班.")
                % {"value": text_of(value)}
            )
        return found

    return clean


# -- the file -------------------------------------------------------------------------


def columns():
    """attribute → its header in the template, from the admin resource's fields."""
    from .resources import AssetResource

    return {
        name: AssetResource.fields[name].column_name
        for name in AssetResource._meta.fields  # the template's order
    }


def header_aliases():
    """Every spelling of each header this import accepts: Chinese, English, current."""
    aliases = {}
    for attribute, header in columns().items():
        for language in ("zh-hans", "en", None):
            if language is None:
                aliases[str(header).strip()] = attribute
                continue
            with translation.override(language):
                aliases[str(header).strip()] = attribute
    return aliases


def column_positions(dataset):
    """attribute → index in the row; refuses a file without the template's columns."""
    aliases = header_aliases()
    positions = {}
    for index, header in enumerate(dataset.headers or []):
        attribute = aliases.get(text_of(header))
        if attribute is not None and attribute not in positions:
            positions[attribute] = index
    wanted = columns()
    missing = [str(wanted[name]) for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise ValidationError(
            _("The file lacks these columns: %(columns)s. Use the template.")
            % {"columns": listed(missing)}
        )
    return positions


def read_workbook(source, *, max_rows=None):
    """The first sheet of an .xlsx file as a Dataset: headers, then the rows.

    Read row by row (openpyxl read-only), so a file over ``max_rows`` is refused
    without holding its rows; a template saved with another sheet open is still
    read from its first sheet.
    """
    check_unpacked_size(source)
    book = load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # Some programs write a wrong used range; read every row that is there.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        headers = [text_of(header) for header in next(rows, ())]
        while headers and not headers[-1]:
            headers.pop()
        dataset = tablib.Dataset(headers=headers)
        width = len(headers)
        count = blanks = 0
        for values in rows:
            values = list(values[:width])
            if all(is_blank(value) for value in values):
                blanks += 1  # kept only if a row follows, so row numbers stay right
                continue
            count += 1
            if max_rows is None or count <= max_rows:
                for _blank in range(blanks):
                    dataset.append([None] * width)
                dataset.append(values + [None] * (width - len(values)))
            blanks = 0
    finally:
        book.close()
    if max_rows is not None:
        check_row_count(count, max_rows)
    return dataset


# An .xlsx file is a zip archive: a small upload may unpack to a huge sheet.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def check_unpacked_size(source):
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _(
                "This file unpacks to more than %(limit)d MB; split it into smaller files."
            )
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def check_row_count(rows, max_rows):
    if rows > max_rows:
        raise ValidationError(
            _("The file has %(rows)d rows; at most %(max)d can be imported at once.")
            % {"rows": rows, "max": max_rows}
        )


# -- the plan ---------------------------------------------------------------------------


@dataclass
class Row:
    line: int  # the row's line in the spreadsheet (the header is line 1)
    values: tuple  # the cells as read, for the preview
    kind: str = NEW
    errors: list = field(default_factory=list)  # (attribute or "", message)
    asset: Asset | None = None
    changed: tuple = ()  # attributes an update changes
    before: dict = field(default_factory=dict)  # their values before it


@dataclass
class Report:
    headers: list
    rows: list
    committed: bool = False
    labels: dict = field(default_factory=dict)  # attribute → header

    @property
    def totals(self):
        counts = dict.fromkeys(KINDS, 0)
        for row in self.rows:
            counts[row.kind] += 1
        return counts

    @property
    def ok(self):
        return not any(row.kind == INVALID for row in self.rows)

    def problems(self):
        """(line, [messages]) for each wrong row, each message led by its column."""
        problems = []
        for row in self.rows:
            if row.kind != INVALID:
                continue
            texts = []
            for attribute, message in row.errors:
                where = self.labels.get(attribute, "")
                texts.append(f"{where}：{message}" if where else str(message))
            problems.append((row.line, texts))
        return problems


class Lookups:
    """Everything the rows refer to, fetched once for the whole file."""

    def __init__(self, school_id, cells):
        self.school_id = school_id
        first, last, self.opening_past = posting.ledger_state(school_id)
        self.closed = (first, last)
        categories = {
            category.pk: category
            for category in Category.objects.filter(school_id=school_id)
        }
        for category in categories.values():
            # effective_years() walks up the tree: give it the parents we hold.
            if category.parent_id in categories:
                category.parent = categories[category.parent_id]
        self.categories = categories
        # A code two schemes share is ambiguous, so unknown (as a department name).
        self.category_ids = unique_keys((c.code, c.pk) for c in categories.values())
        self.department_ids = unique_keys(
            Department.objects.filter(school_id=school_id).values_list("name", "pk")
        )
        self.people = People(school_id)
        self.class_ids = {}
        for school_class in SchoolClass.objects.filter(school_id=school_id):
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    self.class_ids[class_key(school_class)] = school_class.pk
        codes = sorted({text_of(v) for v in cells.get("location", ()) if v})
        self.location_ids = unique_keys(
            pair
            for chunk in chunked(codes)
            for pair in Location.objects.filter(
                school_id=school_id, code__in=chunk
            ).values_list("code", "pk")
        )

    def existing(self, numbers, *, lock):
        """The school's cards with these numbers, by number (locked to change them)."""
        found = {}
        for chunk in chunked(sorted(numbers)):
            queryset = Asset.objects.filter(school_id=self.school_id, number__in=chunk)
            if lock:
                queryset = queryset.select_for_update()
            for asset in queryset:
                found[asset.number] = asset
        return found


class People:
    """The school's people by employee number and by name, as a cell names them.

    Someone who has left may stay on the cards they held, not take new ones
    (``former``). A name someone still at the school uses is theirs, whoever
    has left; a name two colleagues share names nobody (``shared_names``).
    """

    def __init__(self, school_id):
        people = list(
            Profile.objects.filter(school_id=school_id).values_list(
                "real_name", "employee_number", "user_id", "user__is_active"
            )
        )
        self.former = {pk for _name, _number, pk, active in people if not active}
        self.employee_ids = {number: pk for _name, number, pk, _a in people if number}
        staff = [(n, pk) for n, _number, pk, active in people if active and n]
        left = [(n, pk) for n, _number, pk, active in people if not active and n]
        staff_names = {name for name, _pk in staff}
        self.name_ids = unique_keys(staff)
        for name, pk in unique_keys(left).items():
            if name not in staff_names:
                self.name_ids[name] = pk
        self.shared_names = (staff_names | {name for name, _pk in left}) - set(
            self.name_ids
        )

    def find(self, key):
        return self.employee_ids.get(key) or self.name_ids.get(key)

    def cell_for(self, user):
        """How a file should name ``user`` so that an import finds them again."""
        profile = getattr(user, "profile", None)
        name = profile.real_name if profile else ""
        if name and self.name_ids.get(name) == user.pk:
            return name
        return (profile.employee_number if profile else "") or name


def unique_keys(pairs):
    """key → id; a key two rows share is ambiguous and so unknown."""
    table, doubled = {}, set()
    for key, pk in pairs:
        if key in table:
            doubled.add(key)
        table[key] = pk
    for key in doubled:
        del table[key]
    return table


def chunked(items, size=LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cleaners(lookups):
    return {
        "number": text_cleaner("number"),
        "name": text_cleaner("name", required=True),
        "category": lookup_cleaner(
            lookups.category_ids, _("Unknown category code “%(value)s”.")
        ),
        "specification": text_cleaner("specification"),
        "brand": text_cleaner("brand"),
        "serial_number": text_cleaner("serial_number"),
        "asset_class": choice_cleaner(AssetClass, None),
        "quantity": clean_quantity,
        "unit": text_cleaner("unit", required=True),
        "unit_price": clean_money,
        "original_value": clean_money,
        "acquired_on": date_cleaner(ACQUIRED, lookups.school_id),
        "acquisition_method": choice_cleaner(
            AcquisitionMethod, AcquisitionMethod.PURCHASE
        ),
        "funding_source": choice_cleaner(FundingSource, FundingSource.BUDGET),
        "supplier": text_cleaner("supplier"),
        "invoice_number": text_cleaner("invoice_number"),
        "warranty_until": date_cleaner(ANY, lookups.school_id),
        "location": lookup_cleaner(
            lookups.location_ids, _("Unknown location code “%(value)s”.")
        ),
        "department": lookup_cleaner(
            lookups.department_ids, _("Unknown department “%(value)s”.")
        ),
        "custodian": person_cleaner(lookups),
        "responsible_class": class_cleaner(lookups),
        "usage_direction": choice_cleaner(UsageDirection, UsageDirection.OWN_USE),
        "status": choice_cleaner(AssetStatus, AssetStatus.IN_USE),
        "condition": choice_cleaner(AssetCondition, AssetCondition.GOOD),
        "depreciation_years_override": clean_years,
        "expense_use": choice_cleaner(ExpenseUse, ExpenseUse.BUSINESS),
        "nominal_amount": clean_yes_no,
        "opening_accumulated": clean_money,
        "notes": text_cleaner("notes"),
    }


FOREIGN_KEYS = {"category", "location", "department", "custodian", "responsible_class"}
# Where the card is and who holds it: a change is also recorded as a transfer.
PLACES = ("location_id", "department_id", "custodian_id")


# The model field each column writes: foreign keys by their id.
def model_field(attribute):
    return f"{attribute}_id" if attribute in FOREIGN_KEYS else attribute


def plan(*, school_id, dataset, by, lock=False):
    """Check every row of ``dataset`` and say what importing it would do; writes nothing."""
    positions = column_positions(dataset)
    rows = []
    cells = {name: [] for name in positions}
    for index, values in enumerate(dataset):
        values = tuple(values)
        if all(is_blank(value) for value in values):
            continue  # an empty line (formatting left below the data)
        rows.append(Row(line=index + 2, values=values))
        for name, position in positions.items():
            cells[name].append(values[position] if position < len(values) else None)
    if not rows:
        raise ValidationError(_("The file has no rows to import under its headers."))
    lookups = Lookups(school_id, cells)
    every = cleaners(lookups)
    clean = {name: every[name] for name in positions}
    present = tuple(name for name in clean if name != "number")

    parsed = []
    seen = {}
    for offset, row in enumerate(rows):
        values, errors = {}, []
        for name, cleaner in clean.items():
            try:
                values[name] = cleaner(cells[name][offset])
            except ValueError as error:
                errors.append((name, str(error)))
        number = values.get("number")
        if number:
            seen[number] = seen.get(number, 0) + 1
            if seen[number] > 1:
                errors.append(
                    (
                        "number",
                        _("The number %(number)s appears twice in the file.")
                        % {"number": number},
                    )
                )
        for name in ("category", "unit_price", "acquired_on"):
            if name in values and values[name] is None and not has_error(errors, name):
                errors.append((name, _("This column must be filled in.")))
        row.errors = errors
        parsed.append(values)

    existing = lookups.existing(
        {v["number"] for v in parsed if v.get("number")}, lock=lock
    )
    for row, values in zip(rows, parsed, strict=True):
        if row.errors:
            row.kind = INVALID
            continue
        asset = existing.get(values["number"]) if values.get("number") else None
        if asset is None:
            build_new(row, values, school_id=school_id, by=by, lookups=lookups)
        else:
            build_update(row, values, asset, present=present, lookups=lookups)
        if row.errors:
            row.kind, row.asset = INVALID, None
    return Report(
        headers=[text_of(h) for h in dataset.headers or []],
        rows=rows,
        labels={name: str(header) for name, header in columns().items()},
    )


def has_error(errors, name):
    return any(attribute == name for attribute, _message in errors)


def build_new(row, values, *, school_id, by, lookups):
    status = values.get("status", AssetStatus.IN_USE)
    if status not in EDITABLE_STATUSES:
        row.errors.append(("status", status_message()))
        return
    if values.get("custodian") in lookups.people.former:
        row.errors.append(("custodian", former_message()))
        return
    if lookups.opening_past and values.get("opening_accumulated") is not None:
        row.errors.append(("opening_accumulated", opening_past_message()))
        return
    asset = Asset(school_id=school_id, created_by=by)
    for name, value in values.items():
        setattr(asset, model_field(name), value)
    if asset.original_value is None:
        asset.original_value = asset.unit_price * asset.quantity
    asset.asset_class = values.get("asset_class") or asset_class_for(
        asset.unit_price, school=asset.school_id
    )
    asset.category = lookups.categories[asset.category_id]
    depreciation.apply_schedule(asset)
    if closed_month_error(row, None, asset, lookups):
        return
    row.kind, row.asset = NEW, asset


def build_update(row, values, asset, *, present, lookups):
    changed = []
    for name in present:
        value = values[name]
        if name == "asset_class" and value is None:
            continue  # the threshold decides a new card's class, not an old one's
        if name == "original_value" and value is None:
            value = values.get("unit_price", asset.unit_price) * values.get(
                "quantity", asset.quantity
            )
        attribute = model_field(name)
        if getattr(asset, attribute) != value:
            changed.append((attribute, value))
    if not changed:
        row.kind, row.asset = SKIP, asset
        return
    new_status = dict(changed).get("status")
    if new_status is not None and (
        new_status not in EDITABLE_STATUSES or asset.status not in EDITABLE_STATUSES
    ):
        row.errors.append(("status", status_message()))
        return
    if dict(changed).get("custodian_id") in lookups.people.former:
        row.errors.append(("custodian", former_message()))
        return
    if lookups.opening_past and "opening_accumulated" in dict(changed):
        row.errors.append(("opening_accumulated", opening_past_message()))
        return
    moved = [attribute for attribute, _value in changed if attribute in PLACES]
    if moved and asset.status == AssetStatus.DISPOSED:
        row.errors.append(
            (moved[0].removesuffix("_id"), _("A disposed asset cannot be transferred."))
        )
        return
    before = posting.snapshot(asset)
    for attribute, value in changed:
        row.before[attribute] = getattr(asset, attribute)
        setattr(asset, attribute, value)
    asset.category = lookups.categories[asset.category_id]
    depreciation.apply_schedule(asset)
    if closed_month_error(row, before, asset, lookups):
        return
    row.kind, row.asset = UPDATE, asset
    row.changed = tuple(attribute for attribute, _value in changed)


def closed_month_error(row, before, asset, lookups):
    """A row that would change a closed month's depreciation is wrong."""
    try:
        posting.check_closed_months(before, asset, closed=lookups.closed)
    except ValidationError as error:
        row.errors.append(("acquired_on", error.messages[0]))
        return True
    return False


def opening_past_message():
    return _(
        "The ledger has been opened: an opening accumulated depreciation is read "
        "only when the ledger is opened. Leave this column as it is, and record a "
        "change of value as an adjustment on the asset's card."
    )


def former_message():
    return _(
        "This person has left the school: they may stay on the cards they hold, "
        "not take new ones."
    )


def status_message():
    return _(
        "An imported row may only say in use, idle or under repair: "
        "disposals and stocktakes set the other statuses."
    )


# -- the import -------------------------------------------------------------------------


def import_ledger(*, school_id, dataset, by, commit, max_rows=None):
    """Plan the import of ``dataset`` and, with ``commit``, write it: all rows or none.

    Raises ValidationError for a file that cannot be imported at all (no school,
    too many rows, the template's columns missing); wrong rows are in the report.
    """
    if school_id is None:
        raise ValidationError(_("You have no school, so nothing can be imported."))
    if max_rows is not None:
        check_row_count(
            sum(1 for values in dataset if not all(map(is_blank, values))), max_rows
        )
    with rules_cached():  # the school's rules, read for every row, cost one query
        if not commit:
            return plan(school_id=school_id, dataset=dataset, by=by)
        return _import(school_id=school_id, dataset=dataset, by=by)


def _import(*, school_id, dataset, by):
    with transaction.atomic():
        positions = column_positions(dataset)
        lock_imports(school_id)
        if "number" in positions:
            number_counters_lock(
                school_id=school_id,
                numbers=(
                    text_of(values[positions["number"]])
                    for values in dataset
                    if positions["number"] < len(values)
                ),
            )
        report = plan(school_id=school_id, dataset=dataset, by=by, lock=True)
        if report.ok:
            write(report, by=by, school_id=school_id)
            report.committed = True
    return report


# Two numbers for PostgreSQL's advisory locks: this lock's kind, then the school.
IMPORT_LOCK = 0x41535354  # "ASST"


def lock_imports(school_id):
    """One import at a time per school, until the transaction ends.

    Two imports of the same file at once would both find its numbers new; the
    second now waits, then finds them on the ledger and changes nothing. SQLite
    needs no lock: its write transactions already run one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, school_id]
            )


def write(report, *, by, school_id):
    reason = _("imported from Excel")
    new = [row.asset for row in report.rows if row.kind == NEW]
    changed = [row for row in report.rows if row.kind == UPDATE]
    give_numbers(new, school_id=school_id)
    if new:
        bulk_create_with_history(
            new,
            Asset,
            batch_size=BATCH,
            default_user=by,
            default_change_reason=reason,
        )
    if changed:
        fields = sorted(
            {
                attribute.removesuffix("_id")
                for row in changed
                for attribute in row.changed
            }
            | set(SCHEDULE_FIELDS)
        )
        bulk_update_with_history(
            [row.asset for row in changed],
            Asset,
            fields,
            batch_size=BATCH,
            default_user=by,
            default_change_reason=reason,
        )
        record_moves(changed, by=by, school_id=school_id, reason=reason)
    number_counters_advance(
        school_id=school_id, numbers=[asset.number for asset in new]
    )


def give_numbers(assets, *, school_id):
    """Numbers from the school's pattern for the new cards the file left unnumbered."""
    unnumbered = {}
    for asset in assets:
        if not asset.number:
            key = (asset.acquired_on.year, asset.acquired_on.month, asset.category_id)
            unnumbered.setdefault(key, []).append(asset)
    if not unnumbered:
        return
    school = School.objects.get(pk=school_id)
    for (year, month, _category), group in sorted(unnumbered.items()):
        numbers = asset_numbers_allocate(
            school=school,
            count=len(group),
            year=year,
            at=datetime.date(year, month, 1),
            category=group[0].category,
        )
        for asset, number in zip(group, numbers, strict=True):
            asset.number = number


def record_moves(rows, *, by, school_id, reason):
    """A transfer for each card whose place, department or holder the file changed.

    The asset's page tells where it has been and who held it from its transfers.
    """
    today, batch = timezone.localdate(), uuid.uuid4()
    moves = []
    for row in rows:
        if not any(attribute in row.before for attribute in PLACES):
            continue
        asset = row.asset
        moves.append(
            Transfer(
                school_id=school_id,
                asset=asset,
                batch=batch,
                moved_on=today,
                reason=reason,
                by=by,
                **{
                    f"{end}_{attribute}": value
                    for attribute in PLACES
                    for end, value in (
                        ("from", row.before.get(attribute, getattr(asset, attribute))),
                        ("to", getattr(asset, attribute)),
                    )
                },
            )
        )
    Transfer.objects.bulk_create(moves, batch_size=BATCH)


# -- the file waiting between the preview and the confirmation -----------------------
#
# Kept through Django's storage (not a web server's /tmp), so the confirmation may
# reach another web server than the preview did; named for the school and the user
# who previewed it, so no one else's confirmation is given it.

WAITING_FOLDER = "asset-imports"
WAITING_SECONDS = 24 * 3600


def _owner(school_id, user):
    return f"s{school_id}-u{user.pk}"


def keep_upload(upload, *, school_id, user):
    """Keep a previewed file until it is confirmed; returns (token, storage name)."""
    files.sweep_waiting(WAITING_FOLDER, older_than=WAITING_SECONDS)
    token = files.new_token()
    name = files.waiting_name(
        WAITING_FOLDER, owner=_owner(school_id, user), token=token, suffix=".xlsx"
    )
    upload.seek(0)
    return token, default_storage.save(name, upload)


def kept_upload(name, *, token, school_id, user):
    """The kept file's contents if ``name`` is this user's and school's file
    ``token`` and it is still there; else None."""
    if not files.is_waiting(
        name, WAITING_FOLDER, owner=_owner(school_id, user), token=token
    ):
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return io.BytesIO(handle.read())
    except (FileNotFoundError, OSError):
        return None


def drop_upload(name):
    if name and name.startswith(f"{files.PRIVATE_PREFIX}/{WAITING_FOLDER}/"):
        default_storage.delete(name)
