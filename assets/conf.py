"""The ledger's numbers: what each school decides, over the installation's defaults.

A school's administrator or logistics head sets the rules declared below on the
rules page (``/settings/rules/``); code reads them with ``assets_rule(school,
name)``. A school that set nothing gets the installation's default:
``settings.ASSETS`` over ``DEFAULTS``. The other keys are the installation's only
(``assets_setting``).

``ACCOUNTING_SYSTEM`` is the books the school keeps, and with them its month
rule. 《政府会计准则第3号——固定资产》 (art. 15) and its 应用指南 (财会〔2017〕4号)
for public schools, the default: 当月增加的固定资产，当月开始计提折旧；当月减少的固定
资产，当月不再计提折旧 (``SAME_MONTH``). 《企业会计准则》 and 《民间非营利组织会计制度》
for private schools keep the enterprise rule: 当月增加的固定资产当月不提折旧，从下月起
计提；当月减少的固定资产当月照提折旧，从下月起不再计提 (``NEXT_MONTH``). An
installation that set the retired ``DEPRECIATION_MONTH_RULE`` gets the system with
that month rule as its default.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from logistics.rules import (
    BYTES,
    CHOICE,
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

GOVERNMENT = "government"
ENTERPRISE = "enterprise"
NONPROFIT = "nonprofit"
ACCOUNTING_SYSTEMS = (
    (GOVERNMENT, _("Government accounting (政府会计制度)")),
    (ENTERPRISE, _("Enterprise accounting standards (企业会计准则)")),
    (NONPROFIT, _("Non-profit organisations (民间非营利组织会计制度)")),
)
MONTH_RULES = {GOVERNMENT: SAME_MONTH, ENTERPRISE: NEXT_MONTH, NONPROFIT: NEXT_MONTH}

DEFAULTS = {
    "ACCOUNTING_SYSTEM": GOVERNMENT,
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
    configured = getattr(settings, "ASSETS", {})
    if name == "ACCOUNTING_SYSTEM" and name not in configured:
        # The retired installation-wide month rule names the books it belongs to.
        legacy = configured.get("DEPRECIATION_MONTH_RULE")
        if legacy == NEXT_MONTH:
            return ENTERPRISE
    return configured.get(name, DEFAULTS[name])


def assets_rule(school, name):
    """The value ``school`` (a School or its id) decided, else the installation's."""
    return rule_value(school, f"assets.{name}")


def month_rule(school):
    """SAME_MONTH or NEXT_MONTH: the month rule of the books ``school`` keeps."""
    return MONTH_RULES.get(assets_rule(school, "ACCOUNTING_SYSTEM"), SAME_MONTH)


declare_rules(
    "assets",
    assets_setting,
    [
        Rule(
            "ACCOUNTING_SYSTEM",
            _("Accounting system"),
            CHOICE,
            help_text=_(
                "The books the school keeps, and with them when depreciation "
                "starts and stops. Government accounting: from the month an asset "
                "is added, and not in the month it leaves. Enterprise and "
                "non-profit: from the month after it is added, and still in the "
                "month it leaves."
            ),
            choices=ACCOUNTING_SYSTEMS,
        ),
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
