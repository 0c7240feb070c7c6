from django.contrib import admin

from logistics.admin import SchoolScopedAdmin

from .models import (
    CarePlan,
    Holiday,
    Inspection,
    Plant,
    Season,
    Species,
    Term,
    Zone,
)


class PlantInline(admin.TabularInline):
    model = Plant
    extra = 0
    fields = ["species", "count", "planted_on", "condition", "note"]
    autocomplete_fields = ["species"]


@admin.register(Zone)
class ZoneAdmin(SchoolScopedAdmin):
    list_display = ["name", "kind", "campus", "area", "school_class", "is_active"]
    list_filter = ["kind", "is_active", "campus"]
    search_fields = ["name", "standard"]
    autocomplete_fields = ["campus", "locations", "keepers", "school_class"]
    exclude = ["outline"]
    inlines = [PlantInline]


@admin.register(Species)
class SpeciesAdmin(SchoolScopedAdmin):
    list_display = ["name_zh", "name_en", "latin_name", "form"]
    list_filter = ["form"]
    search_fields = ["name_zh", "name_en", "latin_name"]


@admin.register(Plant)
class PlantAdmin(SchoolScopedAdmin):
    list_display = ["species", "zone", "count", "planted_on", "condition"]
    list_filter = ["condition"]
    search_fields = ["species__name_zh", "zone__name", "note"]
    autocomplete_fields = ["zone", "species"]


@admin.register(CarePlan)
class CarePlanAdmin(SchoolScopedAdmin):
    list_display = ["zone", "task", "at", "every_days", "skip_holidays", "is_active"]
    list_filter = ["task", "is_active", "skip_holidays"]
    search_fields = ["zone__name"]
    autocomplete_fields = ["zone"]


@admin.register(Season)
class SeasonAdmin(SchoolScopedAdmin):
    list_display = ["name", "code", "start_month", "start_day", "end_month", "end_day"]
    search_fields = ["name", "code"]


@admin.register(Holiday)
class HolidayAdmin(SchoolScopedAdmin):
    list_display = ["name", "first_day", "last_day"]
    search_fields = ["name"]


@admin.register(Term)
class TermAdmin(SchoolScopedAdmin):
    list_display = ["name", "first_day", "last_day"]
    search_fields = ["name"]


@admin.register(Inspection)
class InspectionAdmin(SchoolScopedAdmin):
    """Scores are given on the zone's page (the service checks who may); here
    they are read."""

    list_display = ["zone", "week", "total", "by", "repair_number"]
    list_filter = ["week"]
    search_fields = ["zone__name", "remarks", "problem"]
    readonly_fields = [
        "zone",
        "week",
        "inspected_at",
        "by",
        "green",
        "beautiful",
        "clean",
        "fragrant",
        "total",
        "remarks",
        "problem",
        "photo",
        "thumbnail",
        "repair_number",
        "repair_url",
        "keepers",
        "school_class",
    ]

    def has_add_permission(self, request):
        return False
