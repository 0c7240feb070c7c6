from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from logistics.admin import SchoolScopedAdmin
from logistics.files import file_url
from logistics.scoping import school_id_of

from . import services
from .models import PriceItem, RepairCategory, RepairPart, RepairPhoto, RepairRequest


class RepairPartInline(admin.TabularInline):
    model = RepairPart
    extra = 0
    fields = ["name", "quantity", "unit", "added_by", "added_at"]
    readonly_fields = fields
    can_delete = False


class RepairPhotoInline(admin.TabularInline):
    model = RepairPhoto
    extra = 0
    fields = ["kind", "preview", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        """The thumbnail, linked to the photo, both through the checked view."""
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" height="60"></a>',
            file_url(photo.image),
            file_url(photo.thumbnail),
            photo.get_kind_display(),
        )


class RepairCategoryForm(forms.ModelForm):
    """Checks the school's unique codes and names here: the school is not a field of
    the form (SchoolScopedAdmin sets it), so the model's constraints are not run."""

    school_id = None  # set per request by RepairCategoryAdmin.get_form

    class Meta:
        model = RepairCategory
        fields = ["name_zh", "name_en", "code", "order", "is_active"]

    def _taken(self, **lookup):
        return (
            RepairCategory.objects.filter(school_id=self.school_id, **lookup)
            .exclude(pk=self.instance.pk)
            .exists()
        )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code and self._taken(code=code):
            raise forms.ValidationError(_("Another category already has this code."))
        return code

    def clean_name_zh(self):
        name = self.cleaned_data["name_zh"].strip()
        if self._taken(name_zh=name):
            raise forms.ValidationError(_("Another category already has this name."))
        return name


@admin.register(RepairCategory)
class RepairCategoryAdmin(SchoolScopedAdmin):
    form = RepairCategoryForm
    list_display = ["name_zh", "name_en", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_zh", "name_en", "code"]
    ordering = ["order", "id"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # The row's own school: a superuser may edit another school's categories.
        form.school_id = obj.school_id if obj else school_id_of(request.user)
        return form

    def has_delete_permission(self, request, obj=None):
        # Requests keep their category (PROTECT): retire one with "in use" instead.
        if obj is not None and obj.repair_requests.exists():
            return False
        return super().has_delete_permission(request, obj)


class SchoolCategoryFilter(admin.SimpleListFilter):
    """The category filter of the requests list, with this school's categories."""

    title = pgettext_lazy("repair", "category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [
            (category.pk, str(category))
            for category in RepairCategory.objects.for_user(request.user)
        ]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(category_id=int(self.value()))
        return queryset


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
    list_filter = ["status", SchoolCategoryFilter, "urgency", "is_damage"]
    list_select_related = ["location__building", "category", "requester", "technician"]
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
