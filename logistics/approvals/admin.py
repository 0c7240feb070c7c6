"""Approvals in the Django admin: read-only records (decisions are taken through
the services, chains edited on the chain editor page)."""

from django.contrib import admin

from ..admin import SchoolScopedAdmin
from .models import Approval, ApprovalChain, ApprovalDecision, Delegation


class ReadOnlyAdmin(SchoolScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApprovalChain)
class ApprovalChainAdmin(ReadOnlyAdmin):
    list_display = ["kind", "allow_repeat_decider", "updated_at", "updated_by"]
    search_fields = ["kind"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "amount", "requester", "status", "started_at"]
    list_filter = ["status", "kind"]
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
