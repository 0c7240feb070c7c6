"""What each school decides for its greening: keep-off time after spraying, photos."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.rules import BYTES, INT, MB, Rule, declare_rules, rule_value

DEFAULTS = {
    # Hours people keep off a zone after a pesticide spray.
    "KEEP_OFF_HOURS": 48,
    # Minutes after a task's time before it counts as overdue.
    "GRACE_MINUTES": 120,
    "MAX_PHOTO_BYTES": 5 * 1024 * 1024,
}


def greening_setting(name):
    """The installation's value: ``settings.GREENING`` over ``DEFAULTS``."""
    return getattr(settings, "GREENING", {}).get(name, DEFAULTS[name])


def greening_rule(school, name):
    """The value ``school`` (a School or its id) decided, else the installation's."""
    return rule_value(school, f"greening.{name}")


declare_rules(
    "greening",
    greening_setting,
    [
        Rule(
            "KEEP_OFF_HOURS",
            _("Keep off after spraying"),
            INT,
            help_text=_(
                "Hours a zone shows “recently sprayed, keep off” after a pesticide "
                "spray, on its page and on the campus plan."
            ),
            min_value=0,
            max_value=24 * 30,
            unit=_("hours"),
        ),
        Rule(
            "GRACE_MINUTES",
            _("Care task overdue after"),
            INT,
            help_text=_("Minutes after a care task's time before it shows as overdue."),
            min_value=0,
            max_value=24 * 60,
            unit=pgettext_lazy("duration", "minutes"),
        ),
        Rule(
            "MAX_PHOTO_BYTES",
            _("Largest greening photo"),
            BYTES,
            help_text=_("The largest photo of care work or an inspection, in MB."),
            min_value=MB // 10,
            max_value=20 * MB,
        ),
    ],
)
