"""The ledger's numbers: what each school decides, over the installation's defaults.

A school's administrator or logistics head sets the rules declared below on the
rules page (``/settings/rules/``); code reads them with ``assets_rule(school,
name)``. A school that set nothing gets the installation's default:
``settings.ASSETS`` over ``DEFAULTS``. The other keys are the installation's only
(``assets_setting``).

``DEPRECIATION_MONTH_RULE`` follows 政府会计准则第3号——固定资产 by default
(``"next_month"``): an asset added in a month is not depreciated that month but
from the next one (当月增加的固定资产当月不提折旧，从下月起计提), and an asset
disposed of in a month is still depreciated that month and not after it (当月减少的
固定资产当月照提折旧，从下月起不再计提). ``"same_month"`` is the other convention:
the month of acquisition counts and the month of disposal does not. It is still
one value for the installation; to let each school choose, add to the rules below

    Rule("DEPRECIATION_MONTH_RULE", _("Depreciation from"), CHOICE,
         choices=((NEXT_MONTH, _("the month after acquisition")),
                  (SAME_MONTH, _("the month of acquisition"))))

and read it in ``depreciation.py`` with ``assets_rule(asset.school_id, …)``.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from logistics.rules import (
    BYTES,
    DECIMAL,
    INT,
    MB,
    PATTERN,
    Rule,
    declare_rules,
    rule_value,
)

NEXT_MONTH = "next_month"
SAME_MONTH = "same_month"

DEFAULTS = {
    "DEPRECIATION_MONTH_RULE": NEXT_MONTH,
    # Unit value from which a new item is a fixed asset (《事业单位财务规则》).
    "CAPITALISATION_THRESHOLD": Decimal("1000"),
    # Placeholders: {school} school code, {year} year of acquisition, {month},
    # {category} top-level category code, {seq} the running number.
    "NUMBER_PATTERN": "{school}-{year}-{seq:05d}",
    # Assets on one page of the ledger.
    "LIST_PAGE_SIZE": 50,
    # The card's photo: the largest upload accepted, and the longer side it is
    # shrunk to before it is stored (without its EXIF).
    "MAX_PHOTO_BYTES": 8 * 1024 * 1024,
    "PHOTO_MAX_SIDE": 1600,
    # The largest ledger file the import accepts (a 10,000-row ledger is ~1 MiB).
    "MAX_IMPORT_BYTES": 20 * 1024 * 1024,
}


def assets_setting(name):
    """The installation's value: ``settings.ASSETS`` over ``DEFAULTS``."""
    return getattr(settings, "ASSETS", {}).get(name, DEFAULTS[name])


def assets_rule(school, name):
    """The value ``school`` (a School or its id) decided, else the installation's."""
    return rule_value(school, f"assets.{name}")


declare_rules(
    "assets",
    assets_setting,
    [
        Rule(
            "CAPITALISATION_THRESHOLD",
            _("Capitalisation threshold"),
            DECIMAL,
            help_text=_(
                "Unit price from which a new item is a fixed asset; below it, a "
                "low-value item."
            ),
            min_value=Decimal("1"),
            max_value=Decimal("1000000"),
            unit=_("yuan"),
        ),
        Rule(
            "NUMBER_PATTERN",
            _("Asset numbers"),
            PATTERN,
            help_text=_(
                "How new asset cards are numbered: {school} the school's code, "
                "{year} and {month} of acquisition, {category} the top category's "
                "code, and {seq} the running number (e.g. {seq:05d}: five digits)."
            ),
            max_length=40,
            document="asset",
            parts=(("category", "99"),),
            number_length=40,
        ),
        Rule(
            "LIST_PAGE_SIZE",
            _("Assets per page"),
            INT,
            help_text=_("Rows on one page of the ledger."),
            min_value=10,
            max_value=500,
        ),
        Rule(
            "MAX_PHOTO_BYTES",
            _("Largest photo"),
            BYTES,
            help_text=_("The largest photo file accepted for an asset card, in MB."),
            min_value=MB // 10,
            max_value=20 * MB,
        ),
    ],
)
