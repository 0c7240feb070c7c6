"""Numbers a school may change without code: ``settings.REPAIRS`` overrides these."""

from django.conf import settings

DEFAULTS = {
    # Hours from filing to the due date, by urgency.
    "DUE_HOURS": {"normal": 72, "urgent": 24, "emergency": 4},
    # Days after "done" before a request is confirmed automatically.
    "AUTO_CONFIRM_DAYS": 7,
    "MAX_PHOTOS": 4,
    "MAX_PHOTO_BYTES": 5 * 1024 * 1024,
    "THUMBNAIL_SIZE": (320, 320),
}


def repairs_setting(name):
    return getattr(settings, "REPAIRS", {}).get(name, DEFAULTS[name])
