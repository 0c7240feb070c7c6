from django.urls import path

from . import views
from .workflows import PURCHASE_WORKFLOW

app_name = "procurement"

urlpatterns = [
    path("", views.MyPurchasesView.as_view(), name="mine"),
    path("all/", views.PurchaseListView.as_view(), name="list"),
    path("new/", views.PurchaseCreateView.as_view(), name="new"),
    path("export/", views.LedgerExportView.as_view(), name="export"),
    path("<int:pk>/", views.PurchaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.PurchaseEditView.as_view(), name="edit"),
    path("<int:pk>/form.pdf", views.PurchaseFormPDFView.as_view(), name="pdf"),
    *views.PurchaseActionView.urls(PURCHASE_WORKFLOW),
    path("budget/", views.BudgetView.as_view(), name="budget"),
    path("budget/export/", views.BudgetExportView.as_view(), name="budget-export"),
    path("budget/years/new/", views.FiscalYearCreateView.as_view(), name="year-new"),
    path("budget/lines/new/", views.BudgetLineCreateView.as_view(), name="line-new"),
    path("budget/lines/<int:pk>/", views.BudgetLineView.as_view(), name="budget-line"),
    path(
        "budget/lines/<int:pk>/adjust/",
        views.BudgetAdjustView.as_view(),
        name="budget-adjust",
    ),
    path("suppliers/", views.SupplierListView.as_view(), name="suppliers"),
    path("suppliers/new/", views.SupplierCreateView.as_view(), name="supplier-new"),
]
