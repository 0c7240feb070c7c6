from django import template

register = template.Library()


@register.simple_tag
def state_of(states, zone):
    """The zone's state from ``selectors.zone_states``."""
    return states.get(zone.pk, {})
