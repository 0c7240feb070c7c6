"""The chains a school starts with, before its administrator changes them.

Purchases (DESIGN.md): below 3,000 yuan the logistics head; from 3,000 also the
director; from 50,000 also the school's administrative meeting. Disposals: the
director. Each school's chains are rows (``ApprovalChain``) it edits in the
browser; these values only fill a new school's. The migration that gave existing
schools their chains keeps its own copy of them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..roles import Role
from .choices import RequesterRule


@dataclass(frozen=True)
class Step:
    role: str
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    collective: bool = False
    requester_rule: str = RequesterRule.OTHER_HOLDER
    name: str = ""


@dataclass(frozen=True)
class DefaultChain:
    label: str
    steps: tuple


HEAD_LIMIT = Decimal("3000.00")
MEETING_FROM = Decimal("50000.00")

DEFAULT_CHAINS = {
    "procurement.purchase": DefaultChain(
        label=_("Purchase requests"),
        steps=(
            Step(Role.LOGISTICS_HEAD, requester_rule=RequesterRule.NEXT_STEP),
            Step(Role.DIRECTOR, min_amount=HEAD_LIMIT),
            Step(
                Role.DIRECTOR,
                min_amount=MEETING_FROM,
                collective=True,
                name="校务会",
            ),
        ),
    ),
    "assets.disposal": DefaultChain(
        label=_("Asset disposals"), steps=(Step(Role.DIRECTOR),)
    ),
}
