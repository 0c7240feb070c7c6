from django import template

from ..models import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def person(user):
    """What people call a user: the real name from the profile, else the login."""
    return display_name(user)


@register.inclusion_tag("logistics/_timeline.html")
def timeline(document):
    """The status history of any workflow document."""
    return {"entries": document.timeline()}
