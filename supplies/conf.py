"""The warehouse's rules: what each school decides, over the installation's defaults.

Set on the rules page (``/settings/rules/``); read with ``supplies_rule(school,
name)``. The installation's default is ``settings.SUPPLIES`` over ``DEFAULTS``.
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

DEFAULTS = {
    # Requisitions worth less than this (yuan, at the average cost) need no
    # decision: they go straight to the storekeeper. 0: every one is decided.
    "REQUISITION_FREE_BELOW": Decimal("0"),
    # Print jobs of fewer sheets than this need no decision.
    "PRINT_FREE_BELOW_SHEETS": 0,
    "MAX_PRINT_FILE_BYTES": 20 * 1024 * 1024,
    "REQUISITION_NUMBER_PATTERN": "LY{year}{seq:05d}",
    "PRINT_NUMBER_PATTERN": "WY{year}{seq:05d}",
}


def supplies_setting(name):
    """The installation's value: ``settings.SUPPLIES`` over ``DEFAULTS``."""
    return getattr(settings, "SUPPLIES", {}).get(name, DEFAULTS[name])


def supplies_rule(school, name):
    """The value ``school`` (a School or its id) decided, else the installation's."""
    return rule_value(school, f"supplies.{name}")


declare_rules(
    "supplies",
    supplies_setting,
    [
        Rule(
            "REQUISITION_FREE_BELOW",
            _("Requisitions without a decision"),
            DECIMAL,
            help_text=_(
                "Requisitions worth less than this go straight to the storekeeper "
                "without an approval; 0: every requisition is decided."
            ),
            min_value=Decimal("0"),
            max_value=Decimal("100000"),
            unit=_("yuan"),
        ),
        Rule(
            "PRINT_FREE_BELOW_SHEETS",
            _("Print jobs without a decision"),
            INT,
            help_text=_(
                "Print jobs of fewer sheets than this need no approval; 0: every "
                "print job is decided."
            ),
            min_value=0,
            max_value=100000,
            unit=_("sheets"),
        ),
        Rule(
            "MAX_PRINT_FILE_BYTES",
            _("Largest print file"),
            BYTES,
            help_text=_("The largest original accepted for a print job, in MB."),
            min_value=MB,
            max_value=100 * MB,
        ),
        Rule(
            "REQUISITION_NUMBER_PATTERN",
            _("Requisition numbers"),
            PATTERN,
            help_text=_(
                "How new requisitions are numbered: {school}, {year}, {month} and "
                "{seq} the running number."
            ),
            max_length=40,
            document="requisition",
            number_length=30,
        ),
        Rule(
            "PRINT_NUMBER_PATTERN",
            _("Print job numbers"),
            PATTERN,
            help_text=_(
                "How new print jobs are numbered: {school}, {year}, {month} and "
                "{seq} the running number."
            ),
            max_length=40,
            document="print_job",
            number_length=30,
        ),
    ],
)
