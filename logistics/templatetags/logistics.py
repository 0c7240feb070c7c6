from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import get_language

from ..models import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def filtered_query(context):
    """The query string of the filters the list applied, without its page: what an
    export of the list asks for. A list that filters by default (the repair queue
    shows the open requests) applies more than its address says."""
    filterset = context.get("filter")
    data = getattr(filterset, "data", None)
    if data is None:
        data = context["request"].GET
    query = QueryDict(mutable=True)
    for key in data:
        if key != "page":
            values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
            query.setlist(key, values)
    return query.urlencode()


@register.filter
def person(user):
    """What people call a user: the real name from the profile, else the login."""
    return display_name(user)


@register.inclusion_tag("logistics/_timeline.html")
def timeline(document):
    """The status history of any workflow document."""
    return {"entries": document.timeline()}


@register.simple_tag
def status_badge(document, status=None, classes=""):
    """A document's status as a coloured badge, the tone declared with its
    statuses (``document.statuses``); ``status`` names another of its statuses.

    Joined in Python rather than through a template: a list shows one per row."""
    statuses = document.statuses
    value = getattr(document, "current_status", None) if status is None else status
    if value is None:
        value = document.status
    key = (statuses, value, classes, get_language())
    badge = _badges.get(key)
    if badge is None:
        badge = format_html(
            '<span class="badge {}text-bg-{}">{}</span>',
            f"{classes} " if classes else "",
            statuses.tone(value),
            statuses.label(value),
        )
        if len(_badges) < BADGES_KEPT:
            _badges[key] = badge
    return badge


# Badges made (a few dozen: each kind of document's statuses, in two languages),
# by declaration, status, extra classes and language: a list of fifty rows joins
# and translates each badge once. A declaration lives as long as the process.
_badges = {}
BADGES_KEPT = 2000


@register.simple_tag(takes_context=True)
def allowed(context, document, action_name):
    """Whether the page's user may take the declared action on ``document`` now
    (for a list's inline buttons; a document's page loops over its actions)."""
    return document.workflow.allows(document, context["request"].user, action_name)


@register.tag
def list_content(parser, token):
    """``{% list_content %}…{% endlist_content %}``: the part of a list page that
    ``CachedContentMixin`` keeps (logistics/listing.py). Given the cached content,
    it is shown as it is; otherwise the block is rendered and handed to the view."""
    nodelist = parser.parse(("endlist_content",))
    parser.delete_first_token()
    return ListContentNode(nodelist)


class ListContentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        cached = context.get("list_content")
        if cached is not None:
            return cached
        output = self.nodelist.render(context)
        view = context.get("view")
        if view is not None:
            view.list_content_rendered = output
        return output
