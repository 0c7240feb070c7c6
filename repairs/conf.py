"""Numbers a school may change without code: ``settings.REPAIRS`` overrides these.

Give only the keys to change; a dict (``DUE_HOURS``) may also name only some of
its keys, the others keep their defaults::

    REPAIRS = {"AUTO_CONFIRM_DAYS": 5, "DUE_HOURS": {"emergency": 2}}
"""

from django.conf import settings

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
}


def repairs_setting(name):
    default = DEFAULTS[name]
    value = getattr(settings, "REPAIRS", {}).get(name, default)
    if isinstance(default, dict) and isinstance(value, dict):
        return {**default, **value}
    return value


def megabytes(size):
    """A byte count in MB as people read it: 5242880 → "5", 2621440 → "2.5"."""
    return format(max(round(size / (1024 * 1024), 1), 0.1), "g")
