from django.contrib import admin

from import_export.admin import ImportExportMixin

from logistics.admin import SchoolScopedAdmin

from .models import (
    Distribution,
    Item,
    ItemCategory,
    PrintJob,
    Quota,
    Requisition,
    RequisitionLine,
    StockMovement,
    WarehouseCount,
)
from .resources import ItemResource, OpeningStockResource


@admin.register(ItemCategory)
class ItemCategoryAdmin(SchoolScopedAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Item)
class ItemAdmin(SchoolScopedAdmin, ImportExportMixin):
    """The catalogue (imported and exported here, with opening stock); what is on
    the shelf changes only through movements."""

    resource_classes = [ItemResource, OpeningStockResource]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def has_delete_permission(self, request, obj=None):
        return False  # an item with movements stays (PROTECT); retire it instead

    list_display = ["code", "name", "specification", "unit", "category", "on_hand"]
    list_filter = ["category", "is_active", "divisible"]
    search_fields = ["code", "name", "specification"]
    autocomplete_fields = ["category", "place"]
    readonly_fields = ["on_hand", "on_hand_value", "last_unit_cost"]


@admin.register(StockMovement)
class StockMovementAdmin(SchoolScopedAdmin):
    """The ledger: read only, never changed or deleted."""

    list_display = ["at", "kind", "item", "quantity", "value", "source_label", "by"]
    list_filter = ["kind"]
    search_fields = ["item__code", "item__name", "source_label"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequisitionLineInline(admin.TabularInline):
    model = RequisitionLine
    extra = 0
    fields = ["item", "quantity", "granted", "issued"]
    readonly_fields = fields
    can_delete = False


@admin.register(Requisition)
class RequisitionAdmin(SchoolScopedAdmin):
    list_display = ["number", "requester", "department", "school_class", "status"]
    list_filter = ["status"]
    search_fields = ["number", "purpose"]
    # The department is charged as the requester may (requisition_create).
    readonly_fields = [
        "status",
        "number",
        "requester",
        "department",
        "distribution",
        "received_at",
    ]
    inlines = [RequisitionLineInline]

    def has_add_permission(self, request):
        return False


@admin.register(PrintJob)
class PrintJobAdmin(SchoolScopedAdmin):
    list_display = ["number", "title", "requester", "sheets", "status"]
    list_filter = ["status", "purpose"]
    search_fields = ["number", "title"]
    # The original is the one checked on upload (logistics.documents).
    readonly_fields = [
        "status",
        "number",
        "requester",
        "original",
        "sheets",
        "movement",
        "done_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Quota)
class QuotaAdmin(SchoolScopedAdmin):
    list_display = ["department", "starts_on", "ends_on", "amount"]
    autocomplete_fields = ["department"]


@admin.register(Distribution)
class DistributionAdmin(SchoolScopedAdmin):
    list_display = ["title", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(WarehouseCount)
class WarehouseCountAdmin(SchoolScopedAdmin):
    list_display = ["title", "place", "created_at", "posted_at"]
    readonly_fields = ["posted_at"]

    def has_add_permission(self, request):
        return False
