from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def state_of(states, zone):
    """The zone's state from a {zone id: ``selectors.state_of(zone)``} dict."""
    return states.get(zone.pk, {})


@register.simple_tag
def state_badges(state):
    """A zone's state as badges: keep off, the latest score (0–40), the open
    problems. Joined in Python: the zone list shows one per row."""
    badges = []
    until = state.get("keep_off_until")
    if until:
        when = dateformat.format(timezone.localtime(until), "m-d H:i")
        badges.append(
            (
                "bg-danger",
                _("Recently sprayed, keep off")
                + " · "
                + _("until %(until)s") % {"until": when},
            )
        )
    score = state.get("score")
    if score is None:
        badges.append(("bg-secondary", _("Not scored yet")))
    else:
        tone = (
            "bg-success"
            if score >= 32
            else "bg-warning text-dark"
            if score >= 24
            else "bg-danger"
        )
        badges.append((tone, _("%(score)s/40") % {"score": score}))
    problems = state.get("problems")
    if problems:
        badges.append(
            (
                "bg-warning text-dark",
                ngettext(
                    "%(counter)s open problem", "%(counter)s open problems", problems
                )
                % {"counter": problems},
            )
        )
    return format_html_join(" ", '<span class="badge {}">{}</span>', badges)


@register.simple_tag
def person_names(people, separator="、"):
    """People by the names people call them, joined."""
    from logistics.models import display_name

    return format_html("{}", separator.join(display_name(person) for person in people))
