"""The repairs' numbers: what each school decides, over the installation's defaults.

A school's administrator or logistics head sets the rules declared below on the
rules page (``/settings/rules/``); services read them with ``repairs_rule(school,
name)``. A school that set nothing gets the installation's default:
``settings.REPAIRS`` over ``DEFAULTS``. Give only the keys to change; a dict
(``DUE_HOURS``) may also name only some of its keys, the others keep theirs::

    REPAIRS = {"AUTO_CONFIRM_DAYS": 5, "DUE_HOURS": {"emergency": 2}}
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from logistics.rules import (
    BYTES,
    INT,
    MAPPING,
    MB,
    PATTERN,
    Rule,
    declare_rules,
    rule_value,
)

from .choices import Urgency

DEFAULTS = {
    # Hours from filing to the due date, by urgency.
    "DUE_HOURS": {"normal": 72, "urgent": 24, "emergency": 4},
    # The latest due time the logistics head may set, in days after filing.
    "LATEST_DUE_DAYS": 365,
    # Days after "done" before a request is confirmed automatically
    # (by the repairs_auto_confirm command, run daily by cron).
    "AUTO_CONFIRM_DAYS": 7,
    # Photos a requester may attach when filing (a request holds twice as many
    # in all, with the technician's), the largest file accepted, and the box the
    # list thumbnails fit in.
    "MAX_PHOTOS": 4,
    "MAX_PHOTO_BYTES": 5 * 1024 * 1024,
    "THUMBNAIL_SIZE": (320, 320),
    # Request numbers (logistics/numbering.py): BX2025000042.
    "NUMBER_PATTERN": "BX{year}{seq:06d}",
}


def repairs_setting(name):
    """The installation's value: ``settings.REPAIRS`` over ``DEFAULTS``."""
    default = DEFAULTS[name]
    value = getattr(settings, "REPAIRS", {}).get(name, default)
    if isinstance(default, dict) and isinstance(value, dict):
        return {**default, **value}
    return value


def repairs_rule(school, name):
    """The value ``school`` (a School or its id) decided, else the installation's."""
    return rule_value(school, f"repairs.{name}")


declare_rules(
    "repairs",
    repairs_setting,
    [
        Rule(
            "DUE_HOURS",
            _("Time to repair, by urgency"),
            MAPPING,
            help_text=_("Hours from filing a request to its due date."),
            choices=tuple(Urgency.choices),
            min_value=1,
            max_value=24 * 90,
            unit=_("hours"),
        ),
        Rule(
            "AUTO_CONFIRM_DAYS",
            _("Automatic confirmation"),
            INT,
            help_text=_(
                "Days after a repair is done before it is confirmed automatically "
                "when the requester has not confirmed it."
            ),
            min_value=1,
            max_value=90,
            unit=_("days"),
        ),
        Rule(
            "MAX_PHOTOS",
            _("Photos per request"),
            INT,
            help_text=_(
                "Photos a requester may attach when filing; the technician may add "
                "as many."
            ),
            min_value=1,
            max_value=10,
        ),
        Rule(
            "MAX_PHOTO_BYTES",
            _("Largest photo"),
            BYTES,
            help_text=_("The largest photo file accepted, in MB."),
            min_value=MB // 10,
            max_value=20 * MB,
        ),
        Rule(
            "NUMBER_PATTERN",
            _("Request numbers"),
            PATTERN,
            help_text=_(
                "How new repair requests are numbered: {school} the school's code, "
                "{year}, {month}, and {seq} the running number (e.g. {seq:06d}: "
                "six digits)."
            ),
            max_length=40,
            document="repair",
            number_length=30,
        ),
    ],
)


def megabytes(size):
    """A byte count in MB as people read it: 5242880 → "5", 2621440 → "2.5"."""
    return format(max(round(size / (1024 * 1024), 1), 0.1), "g")
