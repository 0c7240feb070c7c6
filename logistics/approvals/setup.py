"""What approvals plug into the core when the ``logistics`` app is ready."""

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..registry import HomeCard, NavItem, registry
from ..roles import Role, grant

CHAIN_PERMISSIONS = [
    "logistics.view_approvalchain",
    "logistics.change_approvalchain",
]


def _new_school_chains(sender, instance, created, raw=False, **kwargs):
    """A new school starts with the default chains."""
    if created and not raw:
        from .services import chains_create_defaults

        chains_create_defaults(school=instance)


def home_cards(user):
    from .selectors import waiting_for

    count = len(waiting_for(user))
    if not count:
        return []
    return [
        HomeCard(
            _("Waiting for my decision"), count, reverse("approvals:inbox"), "warning"
        )
    ]


def seed_chains(school, *, scale=0, stdout=None):
    """The demo school's chains: the defaults (kept if already there)."""
    from .services import chains_create_defaults

    chains_create_defaults(school=school)


def ready():
    from ..models import School

    grant([Role.ADMINISTRATOR], CHAIN_PERMISSIONS)
    post_save.connect(
        _new_school_chains, sender=School, dispatch_uid="approvals.new_school_chains"
    )
    registry.add_nav(NavItem(_("Approvals"), "approvals:inbox", order=5))
    registry.add_nav(
        NavItem(
            _("Approval chains"),
            "approvals:chain-list",
            "logistics.change_approvalchain",
            order=96,
        )
    )
    registry.add_home_cards(home_cards)
    registry.add_seeder(seed_chains, order=1)
    from .models import ApprovalDecision
    from .selectors import decisions_visible_to

    # A meeting's minutes: to those who may see the approval they belong to.
    registry.add_files(
        ApprovalDecision, fields=["minutes"], visible_to=decisions_visible_to
    )
