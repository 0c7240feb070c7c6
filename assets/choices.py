"""Codes of the asset ledger: statuses with their allowed moves, and card values.

Values follow the Ministry of Finance asset card (asset_card_enums.csv).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.labels import LabelParts, LabelSheet, SheetLayout
from logistics.statuses import Statuses, StatusGroup

G = StatusGroup


class CategoryScheme(models.TextChoices):
    GBT14885 = "GB/T 14885", _("GB/T 14885 fixed asset classification")
    PROCUREMENT = "procurement", _("Government procurement catalogue")
    SCHOOL = "school", _("School's own")


class AssetClass(models.TextChoices):
    FIXED = "fixed", _("Fixed asset")
    LOW_VALUE = "low_value", _("Low-value item")


class AcquisitionMethod(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    DONATION = "donation", _("Donation")
    SELF_BUILT = "self_built", _("Self-built")
    ALLOCATION = "allocation", _("Allocation")
    EXCHANGE = "exchange", _("Exchange")
    OTHER = "other", _("Other")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("Government budget")
    SELF_RAISED = "self_raised", _("Self-raised funds")
    SPECIAL = "special", _("Special funds")
    DONATION = "donation", _("Donation")
    OTHER = "other", _("Other")


class UsageDirection(models.TextChoices):
    OWN_USE = "own_use", _("Own use")
    RENTED_OUT = "rented_out", _("Rented out")
    LENT_OUT = "lent_out", _("Lent out")
    INVESTMENT = "investment", _("External investment")
    GUARANTEE = "guarantee", _("Guarantee")
    OTHER = "other", _("Other")


class AssetCondition(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    BROKEN = "broken", _("Broken")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    UNDER_REPAIR = "under_repair", _("Under repair")
    AWAITING_DISPOSAL = "awaiting_disposal", _("Awaiting disposal")
    DISPOSED = "disposed", _("Disposed")
    LOST = "lost", _("Lost")


# Statuses a person may set on the card; the others come from workflows.
EDITABLE_STATUSES = frozenset(
    {AssetStatus.IN_USE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR}
)
# On the books: everything not yet disposed of.
ON_LEDGER = frozenset(set(AssetStatus) - {AssetStatus.DISPOSED})
# The card's status as a badge; still in the school's hands, leaving, or gone.
ASSET_STATUSES = Statuses(
    AssetStatus,
    {
        AssetStatus.IN_USE: ("success", G.OPEN),
        AssetStatus.IDLE: ("secondary", G.OPEN),
        AssetStatus.UNDER_REPAIR: ("warning", G.OPEN),
        AssetStatus.AWAITING_DISPOSAL: ("warning", G.WAITING),
        AssetStatus.DISPOSED: ("dark", G.FINISHED),
        AssetStatus.LOST: ("danger", G.FINISHED),
    },
)


class DisposalMethod(models.TextChoices):
    SCRAP = "scrap", _("Scrapping")
    SALE = "sale", _("Sale")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    DONATION = "donation", _("Donation")
    WRITE_OFF = "write_off", _("Write-off of a loss")
    OTHER = "other", _("Other")


class DisposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISPOSED = "disposed", _("Disposed")


# Badge colours, in the spirit of the repair statuses: waiting is yellow, done green.
DISPOSAL_STATUSES = Statuses(
    DisposalStatus,
    {
        DisposalStatus.PROPOSED: ("warning", G.WAITING),
        DisposalStatus.APPROVED: ("primary", G.OPEN),
        DisposalStatus.REJECTED: ("dark", G.FINISHED),
        DisposalStatus.WITHDRAWN: ("secondary", G.FINISHED),
        DisposalStatus.DISPOSED: ("success", G.FINISHED),
    },
)


class StocktakeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("stocktake status", "Open")
    COUNTING = "counting", _("Counting")
    CLOSED = "closed", _("Closed")


STOCKTAKE_STATUSES = Statuses(
    StocktakeStatus,
    {
        StocktakeStatus.OPEN: ("secondary", G.OPEN),
        StocktakeStatus.COUNTING: ("warning", G.OPEN),
        StocktakeStatus.CLOSED: ("success", G.FINISHED),
    },
)
STOCKTAKE_ACTIVE = STOCKTAKE_STATUSES.unfinished


class CountResult(models.TextChoices):
    PENDING = "pending", _("Not yet counted")
    FOUND = "found", _("Found")
    MISSING = "missing", _("Missing")
    WRONG_PLACE = "wrong_place", _("In the wrong place")
    DAMAGED = "damaged", _("Damaged")


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


# Where the labels of each layout sit on the A4 sheet and where their parts sit
# inside them, in mm (logistics/labels.py draws them).
LABEL_SHEETS = {
    LabelLayout.A4_3X8: LabelSheet(
        SheetLayout(columns=3, rows=8, width=70, height=37.125),
        LabelParts(
            code=(2, 2.5, 32),
            text=(35.5, 2.5, 32),
            font_pt=8,
            lines=5,
            fault=(55, 22.125, 13),
            hint=(35.5, 31.5),
        ),
    ),
    LabelLayout.A4_2X7: LabelSheet(
        SheetLayout(
            columns=2, rows=7, width=99, height=38.1, left=5, top=15.15, column_gap=2
        ),
        LabelParts(
            code=(2, 2.5, 33),
            text=(37, 2.5, 40),
            font_pt=8.5,
            lines=8,
            fault=(80, 2.5, 17),
            hint=(82.5, 20.5),
        ),
    ),
    LabelLayout.A4_4X10: LabelSheet(
        SheetLayout(columns=4, rows=10, width=47.6, height=27.5, left=9.7, top=10.7),
        LabelParts(code=(1.5, 2, 23), text=(25.5, 2, 20.5), font_pt=6.5, lines=8),
    ),
}


class ExpenseUse(models.TextChoices):
    """Where an asset's depreciation is charged (the debit of the voucher)."""

    BUSINESS = "business", _("Business activity expenses (业务活动费用)")
    ADMINISTRATION = "administration", _("Unit administration expenses (单位管理费用)")
    OPERATING = "operating", _("Operating expenses (经营费用)")


class AdjustmentKind(models.TextChoices):
    VALUE_CHANGE = "value_change", _("Value change (价值调整)")
    ADDITION = "addition", _("Addition or improvement (改扩建)")
    PARTIAL_DISPOSAL = "partial_disposal", _("Partial disposal")
    YEARS_CHANGE = "years_change", _("Change of depreciation years")
    OPENING = "opening", _("Opening balance (建账)")


# Kinds a person records on the card; the opening balance comes from 建账.
ADJUSTMENT_KINDS = tuple(
    (value, label)
    for value, label in AdjustmentKind.choices
    if value != AdjustmentKind.OPENING
)


class MonthStatus(models.TextChoices):
    CLOSED = "closed", pgettext_lazy("depreciation month", "Closed")
    REOPENED = "reopened", pgettext_lazy("depreciation month", "Reopened")


MONTH_STATUSES = Statuses(
    MonthStatus,
    {
        MonthStatus.CLOSED: ("success", G.FINISHED),
        MonthStatus.REOPENED: ("secondary", G.FINISHED),
    },
)
