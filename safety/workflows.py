"""What may be done to a hazard, by whom and when: declared once.

Reported → being rectified (the head names who and by when) → rectified (photo
and note) → closed after a re-inspection by someone other than the rectifier, or
back to being rectified when the re-inspection fails.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics.workflow import Action, Workflow

from .choices import HAZARD_STATUSES
from .choices import HazardStatus as S

MANAGE = "safety.manage_hazard"
SERVICES = "safety.services."
FORMS = "safety.forms."


def rectifier_or_head(hazard, user):
    if hazard.rectifier_id == user.pk or user.has_perm(MANAGE):
        return None
    return ValidationError(
        _("Only the person named to rectify it, or the logistics head, can do this."),
        code="not_rectifier",
    )


def not_the_rectifier(hazard, user):
    if hazard.rectified_by_id == user.pk:
        return ValidationError(
            _("You rectified this hazard: someone else must re-inspect it."),
            code="own_rectification",
        )
    return None


HAZARD_WORKFLOW = Workflow(
    statuses=HAZARD_STATUSES,
    document_kwarg="hazard",
    url_namespace="safety",
    url_prefix="hazard-",
    actions=[
        Action(
            name="assign",
            label=gettext_lazy("Assign the rectification"),
            heading=gettext_lazy("Who rectifies it, by when"),
            sources=frozenset({S.REPORTED, S.RECTIFYING}),
            target=S.RECTIFYING,
            permission=MANAGE,
            forbidden=gettext_lazy("Only the logistics head assigns hazards."),
            form=FORMS + "HazardAssignForm",
            service=SERVICES + "hazard_assign",
            success=gettext_lazy("The rectification is assigned."),
        ),
        Action(
            name="rectify",
            label=gettext_lazy("Rectified"),
            heading=gettext_lazy("Record the rectification"),
            sources=frozenset({S.RECTIFYING}),
            target=S.RECTIFIED,
            condition=rectifier_or_head,
            form=FORMS + "HazardRectifyForm",
            service=SERVICES + "hazard_rectify",
            style="success",
            success=gettext_lazy("Rectification recorded; it awaits re-inspection."),
        ),
        Action(
            name="close",
            label=gettext_lazy("Re-inspected: close"),
            heading=gettext_lazy("Re-inspection"),
            sources=frozenset({S.RECTIFIED}),
            target=S.CLOSED,
            permission=MANAGE,
            forbidden=gettext_lazy("Only the logistics head closes hazards."),
            condition=not_the_rectifier,
            form=FORMS + "OptionalNoteForm",
            form_prefix="close",
            service=SERVICES + "hazard_close",
            style="success",
            success=gettext_lazy("The hazard is closed."),
        ),
        Action(
            name="reopen",
            label=gettext_lazy("Re-inspection failed: reopen"),
            heading=gettext_lazy("Not rectified?"),
            sources=frozenset({S.RECTIFIED}),
            target=S.RECTIFYING,
            permission=MANAGE,
            forbidden=gettext_lazy("Only the logistics head re-inspects hazards."),
            condition=not_the_rectifier,
            form=FORMS + "ReasonForm",
            form_prefix="reopen",
            service=SERVICES + "hazard_reopen",
            style="outline-danger",
            success=gettext_lazy("The hazard is reopened."),
        ),
    ],
)
