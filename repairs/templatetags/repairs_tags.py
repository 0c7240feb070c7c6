from django import template

from ..choices import STATUS_TONES

register = template.Library()


@register.filter
def status_tone(status):
    """The Bootstrap colour of a repair status badge."""
    return STATUS_TONES.get(status, "secondary")


@register.filter
def duration(delta):
    """A timedelta as days and hours, e.g. "2 d 3 h"; empty for None."""
    if delta is None:
        return ""
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    minutes = int(delta.total_seconds() // 60) % 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
