from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from logistics.admin import SchoolScopedAdmin

from . import services
from .models import PriceItem, RepairPart, RepairPhoto, RepairRequest


class RepairPartInline(admin.TabularInline):
    model = RepairPart
    extra = 0
    fields = ["name", "quantity", "unit", "added_by", "added_at"]
    readonly_fields = fields
    can_delete = False


class RepairPhotoInline(admin.TabularInline):
    model = RepairPhoto
    extra = 0
    fields = ["kind", "thumbnail", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(RepairRequest)
class RepairRequestAdmin(SchoolScopedAdmin):
    list_display = [
        "number",
        "location",
        "category",
        "urgency",
        "status",
        "requester",
        "technician",
        "created_at",
        "due_at",
        "rating",
    ]
    list_filter = ["status", "category", "urgency", "is_damage"]
    search_fields = ["number", "description", "location__code", "location__name"]
    autocomplete_fields = ["location", "requester", "technician", "responsible_person"]
    date_hierarchy = "created_at"
    # Status and dates move only through the services (the state table and its log).
    readonly_fields = [
        "number",
        "status",
        "created_at",
        "assigned_at",
        "started_at",
        "done_at",
        "closed_at",
        "auto_confirmed",
        "compensation_paid_at",
        "compensation_paid_by",
        "rating",
        "feedback",
    ]
    exclude = ["followers"]
    inlines = [RepairPartInline, RepairPhotoInline]
    actions = ["auto_confirm_overdue"]

    @admin.action(description=_("Confirm requests left unconfirmed (automatic rule)"))
    def auto_confirm_overdue(self, request, queryset):
        try:
            count = services.repair_requests_auto_confirm()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("%(count)d requests confirmed.") % {"count": count}
        )


@admin.register(PriceItem)
class PriceItemAdmin(SchoolScopedAdmin):
    list_display = ["name", "unit", "price", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
