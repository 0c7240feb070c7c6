from django.contrib import admin

from logistics.admin import SchoolScopedAdmin

from .models import BudgetLine, FiscalYear, Supplier


@admin.register(FiscalYear)
class FiscalYearAdmin(SchoolScopedAdmin):
    list_display = ["year", "is_closed"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SchoolScopedAdmin):
    list_display = ["code", "name", "fiscal_year", "amount", "funding_source"]
    readonly_fields = ["amount"]


@admin.register(Supplier)
class SupplierAdmin(SchoolScopedAdmin):
    list_display = ["name", "contact", "phone", "is_active"]
