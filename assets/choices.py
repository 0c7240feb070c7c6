"""Codes of the asset ledger: statuses with their allowed moves, and card values.

Values follow the Ministry of Finance asset card (asset_card_enums.csv).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryScheme(models.TextChoices):
    GBT14885 = "GB/T 14885", _("GB/T 14885 fixed asset classification")
    PROCUREMENT = "procurement", _("government procurement catalogue")
    SCHOOL = "school", _("school's own")


class AssetClass(models.TextChoices):
    FIXED = "fixed", _("fixed asset")
    LOW_VALUE = "low_value", _("low-value item")


class AcquisitionMethod(models.TextChoices):
    PURCHASE = "purchase", _("purchase")
    TRANSFER_IN = "transfer_in", _("transfer in")
    DONATION = "donation", _("donation")
    SELF_BUILT = "self_built", _("self-built")
    ALLOCATION = "allocation", _("allocation")
    EXCHANGE = "exchange", _("exchange")
    OTHER = "other", _("other")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("government budget")
    SELF_RAISED = "self_raised", _("self-raised funds")
    SPECIAL = "special", _("special funds")
    DONATION = "donation", _("donation")
    OTHER = "other", _("other")


class UsageDirection(models.TextChoices):
    OWN_USE = "own_use", _("own use")
    RENTED_OUT = "rented_out", _("rented out")
    LENT_OUT = "lent_out", _("lent out")
    INVESTMENT = "investment", _("external investment")
    GUARANTEE = "guarantee", _("guarantee")
    OTHER = "other", _("other")


class AssetCondition(models.TextChoices):
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")
    BROKEN = "broken", _("broken")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("in use")
    IDLE = "idle", _("idle")
    UNDER_REPAIR = "under_repair", _("under repair")
    AWAITING_DISPOSAL = "awaiting_disposal", _("awaiting disposal")
    DISPOSED = "disposed", _("disposed")
    LOST = "lost", _("lost")


# Statuses a person may set on the card; the others come from workflows.
EDITABLE_STATUSES = frozenset(
    {AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR}
)
# On the books: everything not yet disposed of.
ON_LEDGER = frozenset(set(AssetStatus) - {AssetStatus.DISPOSED})
STATUS_TONES = {
    AssetStatus.IN_USE: "success",
    AssetStatus.IDLE: "secondary",
    AssetStatus.UNDER_REPAIR: "warning",
    AssetStatus.AWAITING_DISPOSAL: "warning",
    AssetStatus.DISPOSED: "dark",
    AssetStatus.LOST: "danger",
}


class DisposalMethod(models.TextChoices):
    SCRAP = "scrap", _("scrapping")
    SALE = "sale", _("sale")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    DONATION = "donation", _("donation")
    WRITE_OFF = "write_off", _("write-off of a loss")
    OTHER = "other", _("other")


class DisposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DISPOSED = "disposed", _("disposed")


DISPOSAL_TRANSITIONS = {
    DisposalStatus.PROPOSED: frozenset(
        {DisposalStatus.APPROVED, DisposalStatus.REJECTED, DisposalStatus.WITHDRAWN}
    ),
    DisposalStatus.APPROVED: frozenset({DisposalStatus.DISPOSED}),
    DisposalStatus.REJECTED: frozenset(),
    DisposalStatus.WITHDRAWN: frozenset(),
    DisposalStatus.DISPOSED: frozenset(),
}
DISPOSAL_OPEN = frozenset({DisposalStatus.PROPOSED, DisposalStatus.APPROVED})


class StocktakeStatus(models.TextChoices):
    OPEN = "open", _("open")
    COUNTING = "counting", _("counting")
    CLOSED = "closed", _("closed")


STOCKTAKE_TRANSITIONS = {
    StocktakeStatus.OPEN: frozenset({StocktakeStatus.COUNTING}),
    StocktakeStatus.COUNTING: frozenset({StocktakeStatus.CLOSED}),
    StocktakeStatus.CLOSED: frozenset(),
}
STOCKTAKE_ACTIVE = frozenset({StocktakeStatus.OPEN, StocktakeStatus.COUNTING})


class CountResult(models.TextChoices):
    PENDING = "pending", _("not yet counted")
    FOUND = "found", _("found")
    MISSING = "missing", _("missing")
    WRONG_PLACE = "wrong_place", _("in the wrong place")
    DAMAGED = "damaged", _("damaged")


DISCREPANCIES = frozenset(
    {
        CountResult.PENDING,
        CountResult.MISSING,
        CountResult.WRONG_PLACE,
        CountResult.DAMAGED,
    }
)


class LabelLayout(models.TextChoices):
    A4_3X8 = "3x8", _("A4, 3 × 8 labels (70 × 37 mm)")
    A4_2X7 = "2x7", _("A4, 2 × 7 labels (99 × 38 mm)")
    A4_4X10 = "4x10", _("A4, 4 × 10 labels (48 × 25 mm)")


LABEL_GRID = {
    LabelLayout.A4_3X8: (3, 8),
    LabelLayout.A4_2X7: (2, 7),
    LabelLayout.A4_4X10: (4, 10),
}
