from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Building,
    Campus,
    Department,
    Location,
    Notification,
    Profile,
    School,
    SchoolClass,
    TransitionLog,
)
from .resources import LocationResource
from .scoping import school_id_of

admin.site.site_header = _("School Logistics administration")
admin.site.site_title = _("School Logistics")
admin.site.index_title = _("Administration")


class SchoolScopedAdmin(admin.ModelAdmin):
    """Admin pages see and create rows of the user's school only."""

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(school_id=school_id_of(request.user))
        )

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), "school"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.school_id = school_id_of(request.user)
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if (
            any(f.name == "school" for f in related._meta.fields)
            and related is not School
        ):
            kwargs["queryset"] = related._default_manager.filter(
                school_id=school_id_of(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete widgets query through here: keep them inside the school.
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        return queryset.filter(
            school_id=school_id_of(request.user)
        ), may_have_duplicates

    def get_import_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "user": request.user,
        }

    def get_export_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_export_resource_kwargs(request, **kwargs),
            "user": request.user,
        }


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "code", "phone"]
    search_fields = ["name", "short_name", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk=school_id_of(request.user))


@admin.register(Campus)
class CampusAdmin(SchoolScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "code", "address"]
    search_fields = ["name", "code"]


@admin.register(Building)
class BuildingAdmin(SchoolScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "code", "campus", "floors"]
    list_filter = ["campus"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["campus"]


@admin.register(Location)
class LocationAdmin(SchoolScopedAdmin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [LocationResource]
    list_display = ["code", "name", "kind", "building", "floor", "is_active"]
    list_filter = ["kind", "is_active", "campus", "building"]
    list_select_related = ["building"]
    search_fields = ["code", "name", "building__name"]
    autocomplete_fields = ["campus", "building"]


@admin.register(Department)
class DepartmentAdmin(SchoolScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "head"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["head"]


@admin.register(SchoolClass)
class SchoolClassAdmin(SchoolScopedAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "grade", "number", "head_teacher", "home_room"]
    list_filter = ["grade"]
    list_select_related = ["head_teacher", "home_room__building"]
    search_fields = ["head_teacher__profile__real_name", "home_room__code"]
    autocomplete_fields = ["head_teacher", "home_room"]


@admin.register(Profile)
class ProfileAdmin(SchoolScopedAdmin, SimpleHistoryAdmin):
    list_display = ["real_name", "user", "department", "phone", "employee_number"]
    list_filter = ["department"]
    list_select_related = ["user", "department"]
    search_fields = ["real_name", "user__username", "phone", "employee_number"]
    autocomplete_fields = ["user", "department"]


@admin.register(TransitionLog)
class TransitionLogAdmin(SchoolScopedAdmin):
    list_display = ["at", "content_type", "object_id", "from_state", "to_state", "by"]
    list_filter = ["content_type", "to_state"]
    search_fields = ["comment", "by__username"]
    readonly_fields = [f.name for f in TransitionLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(SchoolScopedAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "recipient__username"]
    autocomplete_fields = ["recipient"]


class ProfileInline(admin.StackedInline):
    model = Profile
    fk_name = "user"
    can_delete = False
    exclude = ["school"]
    autocomplete_fields = ["department"]


class SchoolUserAdmin(UserAdmin):
    """Users of the administrator's own school, with their profile on the same page."""

    inlines = [ProfileInline]
    list_display = ["username", "real_name", "email", "is_active", "is_staff"]
    list_select_related = ["profile"]
    search_fields = ["username", "profile__real_name", "email"]

    @admin.display(description=_("real name"), ordering="profile__real_name")
    def real_name(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.real_name if profile else ""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(profile__school_id=school_id_of(request.user))
        )

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Profile) and not instance.school_id:
                instance.school_id = school_id_of(request.user)
            instance.save()
        formset.save_m2m()


admin.site.unregister(User)
admin.site.register(User, SchoolUserAdmin)

# The group robots (logistics/notices/admin.py).
from .notices import admin as notices_admin  # noqa: E402,F401
