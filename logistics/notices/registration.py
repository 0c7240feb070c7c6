"""What notices add to the core when it starts: the grants, the reminder rules,
the administrator's card for failed notices, and the menu entry."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..registry import HomeCard, NavItem, registry
from ..roles import Role, grant
from . import reminders  # noqa: F401  (declares the school's reminder rules)

grant(
    [Role.ADMINISTRATOR],
    [
        "logistics.view_robot",
        "logistics.add_robot",
        "logistics.change_robot",
        "logistics.delete_robot",
        "logistics.view_outboxmessage",
        "logistics.resend_outboxmessage",
    ],
)


def failed_notices_card(user):
    """The administrator's card: notices that could not be delivered."""
    if not user.has_perm("logistics.view_outboxmessage"):
        return []
    from .models import OUTBOX_VIEWS, OutboxMessage, OutboxView

    count = (
        OutboxMessage.objects.for_user(user)
        .filter(status__in=OUTBOX_VIEWS[OutboxView.FAILED])
        .count()
    )
    if not count:
        return []
    return [
        HomeCard(
            _("Notices not delivered"),
            count,
            url=reverse("outbox") + "?show=failed",
            tone="danger",
        )
    ]


def register():
    registry.add_home_cards(failed_notices_card)
    registry.add_nav(
        NavItem(
            gettext_lazy("Outbox"),
            "outbox",
            "logistics.view_outboxmessage",
            order=96,
        )
    )
