"""The procurement numbers each school decides (``/settings/rules/``)."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from logistics.rules import DECIMAL, INT, PATTERN, Rule, declare_rules, rule_value

DEFAULTS = {
    # From this estimated total on, a request needs at least three quotes.
    "QUOTES_FROM": Decimal("10000.00"),
    "QUOTES_NEEDED": 3,
    # A budget line counts as near its limit from this share used (per cent).
    "NEAR_LIMIT_PERCENT": 90,
    # Purchase request numbers: CG2025000042.
    "NUMBER_PATTERN": "CG{year}{seq:06d}",
}


def procurement_setting(name):
    return getattr(settings, "PROCUREMENT", {}).get(name, DEFAULTS[name])


def procurement_rule(school, name):
    return rule_value(school, f"procurement.{name}")


declare_rules(
    "procurement",
    procurement_setting,
    [
        Rule(
            "QUOTES_FROM",
            _("Quotes needed from"),
            DECIMAL,
            help_text=_(
                "From this estimated total on (yuan), a purchase request needs "
                "several quotes attached before it is submitted."
            ),
            min_value=Decimal("0"),
            max_value=Decimal("100000000"),
            unit=_("yuan"),
        ),
        Rule(
            "QUOTES_NEEDED",
            _("Quotes needed"),
            INT,
            help_text=_("How many quotes a request above that amount needs."),
            min_value=1,
            max_value=10,
        ),
        Rule(
            "NEAR_LIMIT_PERCENT",
            _("Budget line near its limit"),
            INT,
            help_text=_(
                "A budget line is shown as near its limit once this share of it "
                "is committed or spent."
            ),
            min_value=1,
            max_value=100,
            unit="%",
        ),
        Rule(
            "NUMBER_PATTERN",
            _("Purchase request numbers"),
            PATTERN,
            help_text=_(
                "How new purchase requests are numbered: {school} the school's "
                "code, {year}, {month}, and {seq} the running number."
            ),
            max_length=40,
            document="purchase",
            number_length=30,
        ),
    ],
)
