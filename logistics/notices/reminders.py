"""Reminders of documents that wait too long for someone.

Each app says which of its documents wait for whom and since when
(``registry.add_reminder_source(key, func)``, ``func(*, school_id, now)``
yielding ``registry.Waiting``). The clock asks every source for every school; a
person is reminded once the wait passed the school's hours
(``logistics.REMINDER_AFTER_HOURS``, normal or urgent), then again every
``logistics.REMINDER_REPEAT_HOURS`` while it still waits. Each reminder is a
notice (kind ``reminders``; urgent ones at once whatever the person chose) and an
entry on the document's timeline.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ..models import School, display_name
from ..notifications import REMINDERS, notify
from ..registry import registry
from ..rules import INT, MAPPING, Rule, declare_rules, rule_value, rules_cached
from .models import Reminder

DEFAULTS = {
    "REMINDER_AFTER_HOURS": {"normal": 24, "urgent": 2},
    "REMINDER_REPEAT_HOURS": 24,
}


def core_setting(name):
    """The installation's value: ``settings.LOGISTICS`` over ``DEFAULTS``."""
    default = DEFAULTS[name]
    value = settings.LOGISTICS.get(name, default)
    if isinstance(default, dict) and isinstance(value, dict):
        return {**default, **value}
    return value


declare_rules(
    "logistics",
    core_setting,
    [
        Rule(
            "REMINDER_AFTER_HOURS",
            gettext_lazy("Remind after"),
            MAPPING,
            help_text=gettext_lazy(
                "Hours a document may wait for someone (a repair assigned but not "
                "started, an approval) before they are reminded."
            ),
            choices=(
                ("normal", pgettext_lazy("reminder", "Normal")),
                ("urgent", pgettext_lazy("reminder", "Urgent")),
            ),
            min_value=1,
            max_value=24 * 30,
            unit=gettext_lazy("hours"),
        ),
        Rule(
            "REMINDER_REPEAT_HOURS",
            gettext_lazy("Remind again every"),
            INT,
            help_text=gettext_lazy("Hours between reminders while it still waits."),
            min_value=1,
            max_value=24 * 14,
            unit=gettext_lazy("hours"),
        ),
    ],
)


def reminders_send(*, now=None):
    """Remind everyone whose documents waited past their school's hours; returns
    how many reminders went out."""
    at = now or timezone.now()
    sent = 0
    if not registry.reminder_sources:
        return sent
    for school_id in School.objects.order_by("pk").values_list("pk", flat=True):
        with rules_cached():
            after = rule_value(school_id, "logistics.REMINDER_AFTER_HOURS")
            every = rule_value(school_id, "logistics.REMINDER_REPEAT_HOURS")
        for source in list(registry.reminder_sources.values()):
            for waiting in source(school_id=school_id, now=at):
                hours = after["urgent" if waiting.urgent else "normal"]
                if at - waiting.since < datetime.timedelta(hours=hours):
                    continue
                if _remind(waiting, at, datetime.timedelta(hours=every)):
                    sent += 1
    return sent


def _remind(waiting, at, every):
    document, person = waiting.document, waiting.person
    if person is None or not person.is_active:
        return False
    content_type = ContentType.objects.get_for_model(document, for_concrete_model=True)
    key = {
        "content_type": content_type,
        "object_id": document.pk,
        "person": person,
    }
    try:
        with transaction.atomic():
            row = Reminder.objects.select_for_update().filter(**key).first()
            if row is None:
                Reminder.objects.create(
                    school_id=document.school_id,
                    since=waiting.since,
                    last_sent_at=at,
                    count=1,
                    **key,
                )
                count = 1
            else:
                if row.since == waiting.since and at - row.last_sent_at < every:
                    return False
                count = row.count + 1 if row.since == waiting.since else 1
                # Conditional: a second clock at the same moment changes nothing.
                if not Reminder.objects.filter(
                    pk=row.pk, last_sent_at=row.last_sent_at
                ).update(since=waiting.since, last_sent_at=at, count=count):
                    return False
            _tell(waiting, count)
    except IntegrityError:  # another clock created the same reminder first
        return False
    return True


def _tell(waiting, count):
    from ..workflow import note

    document, person = waiting.document, waiting.person
    since = timezone.localtime(waiting.since).strftime("%Y-%m-%d %H:%M")
    notify(
        recipients=[person],
        title=lambda: (
            _("Reminder: %(document)s is waiting for you") % {"document": document}
        ),
        body=waiting.text,
        url=document.get_absolute_url(),
        urgent=waiting.urgent,
        kind=REMINDERS,
        pending=True,
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Reminder %(count)d sent to %(person)s (waiting since %(since)s).") % {
            "count": count,
            "person": display_name(person),
            "since": since,
        }
    note(document, by=None, text=text)
