from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(delta):
    """A timedelta as days and hours, e.g. "2 d 3 h"; empty for None."""
    if delta is None:
        return ""
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    minutes = int(delta.total_seconds() // 60) % 60
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}
