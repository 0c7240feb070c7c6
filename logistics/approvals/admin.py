"""Approvals in the Django admin: read-only records (decisions are taken through
the services, chains edited on the chain editor page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..admin import SchoolScopedAdmin
from .kinds import kind_label
from .models import Approval, ApprovalChain, ApprovalDecision, Delegation


class KindFilter(admin.SimpleListFilter):
    """Documents by type, named as the pages name them (not "procurement.purchase")."""

    title = _("document type")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = (
            model_admin.get_queryset(request).order_by().values_list("kind", flat=True)
        )
        return [(key, kind_label(key)) for key in sorted(set(kinds))]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ReadOnlyAdmin(SchoolScopedAdmin):
    @admin.display(description=_("document type"), ordering="kind")
    def kind_shown(self, obj):
        return kind_label(obj.kind)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApprovalChain)
class ApprovalChainAdmin(ReadOnlyAdmin):
    list_display = ["kind_shown", "allow_repeat_decider", "updated_at", "updated_by"]
    search_fields = ["kind"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "kind_shown",
        "amount",
        "requester",
        "status",
        "started_at",
    ]
    list_filter = ["status", KindFilter]
    search_fields = ["title"]
    date_hierarchy = "started_at"


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "approval",
        "stage",
        "outcome",
        "decided_by",
        "on_behalf_of",
        "decided_at",
    ]
    list_filter = ["outcome"]
    search_fields = ["approval__title", "comment"]


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ["person", "deputy", "starts_on", "ends_on", "ended_at", "reason"]
    list_filter = ["starts_on"]
