"""What each school decides about campus safety, over the installation's defaults
(``settings.SAFETY`` over ``DEFAULTS``), edited on the rules page."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.rules import INT, PATTERN, Rule, declare_rules, rule_value

DEFAULTS = {
    # Days before a fire equipment unit's expiry that it is listed and notified.
    "FIRE_NOTICE_DAYS": 30,
    # Days a visitor's record is kept before the daily command deletes it.
    "VISITOR_RETENTION_DAYS": 180,
    # Minutes after a round's window closes that it still counts as late, not missed.
    "LATE_MINUTES": 120,
    # Days given to rectify a hazard when the head does not set a date.
    "RECTIFY_DAYS": 7,
    "HAZARD_NUMBER_PATTERN": "YH{year}{seq:05d}",
}


def safety_setting(name):
    return getattr(settings, "SAFETY", {}).get(name, DEFAULTS[name])


def safety_rule(school, name):
    return rule_value(school, f"safety.{name}")


declare_rules(
    "safety",
    safety_setting,
    [
        Rule(
            "FIRE_NOTICE_DAYS",
            _("Fire equipment notice"),
            INT,
            help_text=_(
                "Days before a unit's expiry date that it is listed as expiring "
                "and the logistics head is told."
            ),
            min_value=1,
            max_value=365,
            unit=_("days"),
        ),
        Rule(
            "VISITOR_RETENTION_DAYS",
            _("Visitor records kept"),
            INT,
            help_text=_(
                "Days a visitor's record (with the masked ID number) is kept; "
                "older records are deleted every day."
            ),
            min_value=1,
            max_value=3 * 365,
            unit=_("days"),
        ),
        Rule(
            "LATE_MINUTES",
            _("Late patrol rounds"),
            INT,
            help_text=_(
                "Minutes after a round's time window during which it counts as "
                "late rather than missed."
            ),
            min_value=0,
            max_value=24 * 60,
            unit=pgettext_lazy("safety", "minutes"),
        ),
        Rule(
            "RECTIFY_DAYS",
            _("Time to rectify a hazard"),
            INT,
            help_text=_("Days given to rectify a hazard when no date is set."),
            min_value=1,
            max_value=365,
            unit=_("days"),
        ),
        Rule(
            "HAZARD_NUMBER_PATTERN",
            _("Hazard numbers"),
            PATTERN,
            help_text=_(
                "How hazards are numbered: {school}, {year}, {month} and {seq} "
                "the running number."
            ),
            max_length=40,
            document="hazard",
            number_length=30,
        ),
    ],
)
