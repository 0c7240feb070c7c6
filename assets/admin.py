import io

from django.contrib import admin

from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin

from logistics.admin import RecordAdmin, SchoolScopedAdmin

from . import importing
from .models import (
    Asset,
    AssetAdjustment,
    Category,
    DepreciationEntry,
    DepreciationMonth,
    Disposal,
    LedgerOpening,
    Stocktake,
    StocktakeExtra,
    StocktakeLine,
    Transfer,
)
from .resources import AssetResource


class LedgerXLSX(base_formats.XLSX):
    """The template's first sheet, read as the asset pages read it (not the
    sheet that happened to be open when the file was saved)."""

    def create_dataset(self, in_stream):
        return importing.read_workbook(
            io.BytesIO(in_stream), max_rows=AssetResource.max_rows()
        )


@admin.register(Category)
class CategoryAdmin(SchoolScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "scheme",
        "level",
        "depreciates",
        "depreciation_years",
    ]
    list_filter = ["scheme", "level", "depreciates"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Asset)
class AssetAdmin(SchoolScopedAdmin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [AssetResource]
    import_formats = [LedgerXLSX]
    list_display = [
        "number",
        "name",
        "category",
        "original_value",
        "acquired_on",
        "location",
        "department",
        "status",
    ]
    list_filter = ["status", "asset_class"]
    search_fields = ["number", "name", "serial_number"]
    autocomplete_fields = ["category", "location", "department", "custodian"]
    readonly_fields = [
        "status",
        "disposed_on",
        "depreciation_start",
        "depreciation_end",
        "depreciation_months",
        "monthly_depreciation",
    ]
    list_select_related = [
        "category",
        "location__building",
        "department",
        "custodian__profile",
        "responsible_class",
    ]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user, "by": request.user}

    def has_delete_permission(self, request, obj=None):
        return False  # an asset never leaves the ledger


@admin.register(Transfer)
class TransferAdmin(SchoolScopedAdmin):
    list_display = ["asset", "moved_on", "from_location", "to_location", "reason", "by"]
    list_filter = ["moved_on"]
    search_fields = ["asset__number", "asset__name", "reason"]
    autocomplete_fields = ["asset"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Disposal)
class DisposalAdmin(SchoolScopedAdmin):
    list_display = ["asset", "method", "status", "proposed_by", "proposed_at"]
    list_filter = ["status", "method"]
    search_fields = ["asset__number", "asset__name"]
    autocomplete_fields = ["asset"]
    readonly_fields = ["status", "decided_by", "decided_at"]


class StocktakeLineInline(admin.TabularInline):
    model = StocktakeLine
    extra = 0
    fields = ["asset", "expected_location", "result", "found_location", "note"]
    readonly_fields = fields
    can_delete = False


@admin.register(Stocktake)
class StocktakeAdmin(SchoolScopedAdmin):
    list_display = ["name", "status", "opened_by", "opened_at", "closed_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    readonly_fields = ["status", "closed_at", "applied_at", "applied_by"]
    inlines = [StocktakeLineInline]


@admin.register(StocktakeExtra)
class StocktakeExtraAdmin(SchoolScopedAdmin):
    list_display = ["description", "stocktake", "location", "quantity"]
    search_fields = ["description", "label_number"]


# Depreciation as posted: written by closing months, adjusting cards and opening
# the ledger (assets/posting.py), never by hand; shown for the auditor.


@admin.register(DepreciationMonth)
class DepreciationMonthAdmin(RecordAdmin):
    list_display = ["__str__", "status", "assets", "total", "closed_by", "closed_at"]
    list_filter = ["status"]


@admin.register(DepreciationEntry)
class DepreciationEntryAdmin(RecordAdmin):
    list_display = ["period", "asset", "amount", "accumulated", "net"]
    list_select_related = ["period", "asset"]
    search_fields = ["asset__number", "asset__name"]
    show_full_result_count = False


@admin.register(AssetAdjustment)
class AssetAdjustmentAdmin(RecordAdmin):
    list_display = ["asset", "kind", "adjusted_on", "amount", "reason", "by"]
    list_filter = ["kind"]
    list_select_related = ["asset", "by"]
    search_fields = ["asset__number", "asset__name", "reason"]


@admin.register(LedgerOpening)
class LedgerOpeningAdmin(RecordAdmin):
    list_display = ["__str__", "by", "at", "imported", "computed"]
