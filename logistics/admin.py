from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .choices import choice_label
from .files import AdminCheckedFileWidget
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


def _school_of(obj):
    """The school id a related row belongs to (a person: their profile's school)."""
    if isinstance(obj, get_user_model()):
        profile = getattr(obj, "profile", None) if hasattr(obj, "profile") else None
        return profile.school_id if profile is not None else None
    return getattr(obj, "school_id", None)


def shown_with(model):
    """The relations ``str()`` of a ``model`` row reads (its ``SHOWN_WITH``): a room
    is named with its building."""
    return tuple(getattr(model, "SHOWN_WITH", ()))


def _is_scoped(model):
    return model is get_user_model() or (
        model is not School and any(f.name == "school" for f in model._meta.fields)
    )


def own_school_choices(request, model, kwargs):
    """A drop-down's or autocomplete's choices: the user's school's rows only,
    unless the user is a superuser (the installation's administrator)."""
    if request.user.is_superuser or not _is_scoped(model):
        return kwargs
    school_id = school_id_of(request.user)
    if model is get_user_model():
        queryset = model._default_manager.filter(profile__school_id=school_id)
    else:
        queryset = model._default_manager.filter(school_id=school_id)
    return {**kwargs, "queryset": queryset}


class SameSchoolForm(forms.ModelForm):
    """Refuses a row that points at another school's rows (a location, a person…).

    A school's administrator is only offered their own school's rows; a superuser
    is offered every school's, and this keeps a row and what it names together.
    """

    default_school_id = None  # the admin user's school, for a new row

    def clean(self):
        data = super().clean()
        school = data.get("school")
        school_id = (
            school.pk
            if school is not None
            else (self.instance.school_id or self.default_school_id)
        )
        for name, value in list(data.items()):
            field = self.fields.get(name)
            if school_id is None or not isinstance(field, forms.ModelChoiceField):
                continue
            if not _is_scoped(field.queryset.model):
                continue
            chosen = (
                value if isinstance(field, forms.ModelMultipleChoiceField) else [value]
            )
            if any(o is not None and _school_of(o) != school_id for o in chosen):
                self.add_error(name, _("Choose one of this school's own."))
        return data


class SchoolScopedAdmin(admin.ModelAdmin):
    """Rows of one school: the one scoping mechanism, in the Django admin.

    A school's administrator sees, is offered in drop-downs and autocompletes, and
    saves rows of their own school only; the school is never a field for them, so
    no row moves to another school. A superuser is the installation's
    administrator: they see every school's rows, with the school as a column and a
    filter, choose the school of a new row, and still cannot move one.
    """

    form = SameSchoolForm
    # The "currently" link of a file field goes through the checked view.
    formfield_overrides = {
        models.FileField: {"widget": AdminCheckedFileWidget},
        models.ImageField: {"widget": AdminCheckedFileWidget},
    }

    @staticmethod
    def sees_every_school(request):
        return request.user.is_superuser

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.sees_every_school(request):
            return queryset
        return queryset.filter(school_id=school_id_of(request.user))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.sees_every_school(request) and "school" not in columns:
            columns.append("school")
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.sees_every_school(request) and "school" not in filters:
            filters.insert(0, "school")
        return filters

    def get_list_select_related(self, request):
        related = super().get_list_select_related(request)
        if related is False:
            # Django would follow only the columns' required relations, one
            # query a row for the others and for what their names read.
            related = list(self._columns_related(request))
        if self.sees_every_school(request) and isinstance(related, (list, tuple)):
            return [*related, "school"]
        return related

    def _columns_related(self, request):
        """The relations the list's columns show, with what their names read."""
        for name in self.get_list_display(request):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                yield name
                yield from (
                    f"{name}__{more}" for more in shown_with(field.related_model)
                )

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or ())
        if obj is None and self.sees_every_school(request):
            return excluded  # the installation's administrator picks the school
        return [*excluded, "school"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, SameSchoolForm):
            form.default_school_id = school_id_of(request.user)
        return form

    def save_model(self, request, obj, form, change):
        if not change and not obj.school_id:
            obj.school_id = school_id_of(request.user)
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = own_school_choices(request, db_field.related_model, kwargs)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = shown_with(db_field.related_model)
        if related and field is not None and hasattr(field, "queryset"):
            # A drop-down names every row: read what the names need with them.
            field.queryset = field.queryset.select_related(*related)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = own_school_choices(request, db_field.related_model, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete widgets query through here: keep them inside the school.
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if self.sees_every_school(request):
            return queryset, may_have_duplicates
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
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=school_id_of(request.user))


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


class RecordAdmin(SchoolScopedAdmin):
    """A record the application writes and nobody may add, change or delete here
    (a timeline, posted depreciation): the admin shows it, for the auditor."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(RecordAdmin):
    list_display = ["at", "content_type", "object_id", "from_shown", "to_shown", "by"]
    # Only the kinds of document that have a history (not every table's history).
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["comment", "by__username"]

    @admin.display(description=_("from"), ordering="from_state")
    def from_shown(self, obj):
        return status_label(obj.content_type, obj.from_state)

    @admin.display(description=_("to"), ordering="to_state")
    def to_shown(self, obj):
        return status_label(obj.content_type, obj.to_state)


def status_label(content_type, value):
    """A status as its document's pages name it ("已批准", not "approved")."""
    model = content_type.model_class()
    field_name = getattr(model, "STATUS_FIELD", None)
    if not value or not field_name:
        return value
    return choice_label(model._meta.get_field(field_name), value)


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
    autocomplete_fields = ["department"]

    def get_exclude(self, request, obj=None):
        # The installation's administrator places a new person in a school; nobody
        # moves a person to another school here.
        if request.user.is_superuser and getattr(obj, "profile", None) is None:
            return []
        return ["school"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = own_school_choices(request, db_field.related_model, kwargs)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = shown_with(db_field.related_model)
        if related and field is not None and hasattr(field, "queryset"):
            # A drop-down names every row: read what the names need with them.
            field.queryset = field.queryset.select_related(*related)
        return field


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

    @admin.display(description=_("school"), ordering="profile__school__name")
    def school(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.school if profile else ""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset.select_related("profile__school")
        return queryset.filter(profile__school_id=school_id_of(request.user))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [*columns, "school"] if request.user.is_superuser else columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if request.user.is_superuser:
            return ["profile__school", *filters]
        return filters

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # A school's administrator cannot make anyone the installation's.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Profile) and not instance.school_id:
                instance.school_id = school_id_of(request.user)
            instance.save()
        formset.save_m2m()


admin.site.unregister(User)
admin.site.register(User, SchoolUserAdmin)

from .approvals import admin as approvals_admin  # noqa: E402,F401  (registers its models)

# The group robots (logistics/notices/admin.py).
from .notices import admin as notices_admin  # noqa: E402,F401
