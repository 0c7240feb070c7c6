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


def approvals_waiting(*, school_id, now):
    """Reminders: every approval step waiting for a decision, to each person who
    may decide it now, counted from when the step became current."""
    from django.core.exceptions import ObjectDoesNotExist
    from django.db.models import Max

    from ..registry import Waiting
    from .choices import ApprovalStatus
    from .kinds import document_model
    from .models import Approval
    from .selectors import deciders

    pending = (
        Approval.objects.filter(
            school_id=school_id,
            status=ApprovalStatus.PENDING,
            current_stage__isnull=False,
            started_at__lte=now,
        )
        .annotate(last_decided=Max("decisions__decided_at"))
        .select_related("current_stage")
    )
    for approval in pending.iterator(chunk_size=200):
        try:
            document = document_model(approval.kind).objects.get(pk=approval.object_id)
        except (LookupError, ObjectDoesNotExist):
            continue  # the app that owns it is gone, or so is the document
        if not hasattr(document, "current_status"):
            continue  # no timeline to note the reminder on
        since = approval.last_decided or approval.started_at
        for person in deciders(approval):
            yield Waiting(
                document=document, person=person, since=since, text=approval.title
            )


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
    registry.add_reminder_source("approvals.waiting", approvals_waiting)
    registry.add_seeder(seed_chains, order=1)
    from .models import ApprovalDecision
    from .selectors import decisions_visible_to

    # A meeting's minutes: to those who may see the approval they belong to.
    registry.add_files(
        ApprovalDecision, fields=["minutes"], visible_to=decisions_visible_to
    )
