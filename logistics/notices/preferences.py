"""Each person's choice of how notices reach them outside the site."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..notifications import GENERAL, REMINDERS
from ..scoping import school_id_of
from .delivery import next_digest_at
from .models import DeliveryMode, NoticePreference, OutboxMessage, OutboxStatus


def notice_kinds():
    """(kind, label) of what a person may choose by: each installed app with pages,
    then the reminders and everything else."""
    kinds = [
        (config.label, config.verbose_name)
        for config in apps.get_app_configs()
        if getattr(config, "url_prefix", None)
    ]
    kinds.append((REMINDERS, gettext_lazy("Reminders of what waits for you")))
    kinds.append((GENERAL, gettext_lazy("Downloads and everything else")))
    return kinds


def preference_of(user):
    """The person's preference (unsaved defaults when they never chose)."""
    found = NoticePreference.objects.filter(user=user).first()
    return found or NoticePreference(user=user, school_id=school_id_of(user))


@transaction.atomic
def notice_preferences_set(*, user, modes, digest_time):
    """Save how ``user`` wants each kind of notice and when their digest goes out;
    notices already held for the digest follow the new time."""
    from django.utils import timezone

    school_id = school_id_of(user)
    if school_id is None:
        raise ValidationError(_("You do not belong to a school."))
    known = {kind for kind, _label in notice_kinds()}
    unknown = set(modes) - known
    bad = {mode for mode in modes.values() if mode not in DeliveryMode.values}
    if unknown or bad:
        raise ValidationError(_("Choose one of the options."))
    preference, _created = NoticePreference.objects.select_for_update().get_or_create(
        user=user, defaults={"school_id": school_id}
    )
    preference.modes = {
        kind: mode for kind, mode in modes.items() if mode != DeliveryMode.NOW
    }
    preference.digest_time = digest_time
    preference.save()
    held = OutboxMessage.objects.filter(recipient=user, status=OutboxStatus.HELD)
    held.update(next_attempt_at=next_digest_at(digest_time, timezone.now()))
    return preference
