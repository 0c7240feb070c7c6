from django.contrib import admin

from logistics.admin import SchoolScopedAdmin

from .models import (
    Checkpoint,
    CheckpointKind,
    DutyAssignment,
    EmergencyContact,
    FireEquipment,
    Hazard,
    Holiday,
    RoundSchedule,
    Route,
    SafetyDocument,
    Visitor,
)


@admin.register(Holiday)
class HolidayAdmin(SchoolScopedAdmin):
    list_display = ["day", "name", "is_workday"]
    list_filter = ["is_workday"]
    search_fields = ["name"]


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(SchoolScopedAdmin):
    list_display = ["day", "shift", "person", "swapped_from"]
    list_filter = ["shift"]
    search_fields = ["person__username", "person__profile__real_name"]
    autocomplete_fields = ["person", "swapped_from", "swapped_by"]
    date_hierarchy = "day"


@admin.register(CheckpointKind)
class CheckpointKindAdmin(SchoolScopedAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class CheckpointInline(admin.TabularInline):
    model = Checkpoint
    fields = ["order", "location", "zone_id", "zone_label", "kind"]
    autocomplete_fields = ["location", "kind"]
    extra = 1


@admin.register(Route)
class RouteAdmin(SchoolScopedAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [CheckpointInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.school_id = form.instance.school_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(RoundSchedule)
class RoundScheduleAdmin(SchoolScopedAdmin):
    list_display = ["shift", "route", "starts_at", "ends_at", "days", "is_active"]
    list_filter = ["shift", "days", "is_active"]
    search_fields = ["route__name"]
    autocomplete_fields = ["route"]


@admin.register(Hazard)
class HazardAdmin(SchoolScopedAdmin):
    list_display = ["number", "level", "status", "found_at", "rectify_by"]
    list_filter = ["level", "status"]
    search_fields = ["number", "description", "place_label"]
    readonly_fields = ["status"]
    autocomplete_fields = [
        "location",
        "found_by",
        "rectifier",
        "rectified_by",
        "reinspected_by",
    ]


@admin.register(FireEquipment)
class FireEquipmentAdmin(SchoolScopedAdmin):
    list_display = ["kind", "model", "quantity", "location", "expires_on", "is_active"]
    list_filter = ["kind", "is_active", "pressure"]
    search_fields = ["model", "asset_number", "location__name"]
    autocomplete_fields = ["location"]


@admin.register(Visitor)
class VisitorAdmin(SchoolScopedAdmin):
    list_display = ["name", "id_masked", "host", "time_in", "time_out"]
    search_fields = ["name", "organisation", "host", "plate"]
    readonly_fields = ["id_masked", "id_hash"]
    autocomplete_fields = ["registered_by"]

    def has_module_permission(self, request):
        return request.user.has_perm("safety.view_visitor")


@admin.register(SafetyDocument)
class SafetyDocumentAdmin(SchoolScopedAdmin):
    list_display = ["title", "kind"]
    list_filter = ["kind"]
    search_fields = ["title"]


@admin.register(EmergencyContact)
class EmergencyContactAdmin(SchoolScopedAdmin):
    list_display = ["order", "duty", "name", "phone"]
    search_fields = ["duty", "name", "phone"]
