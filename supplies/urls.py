from django.urls import path

from . import views
from .workflows import PRINT_WORKFLOW, REQUISITION_WORKFLOW

app_name = "supplies"

urlpatterns = [
    path("", views.ItemListView.as_view(), name="item-list"),
    path("stock/export/", views.StockExportView.as_view(), name="stock-export"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("ledger/", views.MovementListView.as_view(), name="movement-list"),
    path("ledger/export/", views.MovementExportView.as_view(), name="movement-export"),
    path("receive/", views.ReceiptView.as_view(), name="receive"),
    path("low/", views.LowStockView.as_view(), name="low-stock"),
    path("requisitions/", views.RequisitionListView.as_view(), name="requisition-list"),
    path(
        "requisitions/new/",
        views.RequisitionCreateView.as_view(),
        name="requisition-create",
    ),
    path(
        "requisitions/export/",
        views.RequisitionExportView.as_view(),
        name="requisition-export",
    ),
    path(
        "requisitions/<int:pk>/",
        views.RequisitionDetailView.as_view(),
        name="requisition-detail",
    ),
    path(
        "requisitions/<int:pk>/slip.pdf",
        views.RequisitionSlipView.as_view(),
        name="requisition-slip",
    ),
    *views.RequisitionActionView.urls(
        REQUISITION_WORKFLOW, route="requisitions/<int:pk>/{name}/"
    ),
    path(
        "distributions/", views.DistributionListView.as_view(), name="distribution-list"
    ),
    path(
        "distributions/new/",
        views.DistributionCreateView.as_view(),
        name="distribution-create",
    ),
    path(
        "distributions/<int:pk>/",
        views.DistributionDetailView.as_view(),
        name="distribution-detail",
    ),
    path(
        "distributions/<int:pk>/handover/<int:requisition_pk>.pdf",
        views.HandoverListView.as_view(),
        name="handover-list",
    ),
    path("classes/<int:pk>/", views.ClassSuppliesView.as_view(), name="class-supplies"),
    path("printing/", views.PrintJobListView.as_view(), name="printjob-list"),
    path("printing/new/", views.PrintJobCreateView.as_view(), name="printjob-create"),
    path(
        "printing/<int:pk>/", views.PrintJobDetailView.as_view(), name="printjob-detail"
    ),
    *views.PrintJobActionView.urls(PRINT_WORKFLOW, route="printing/<int:pk>/{name}/"),
    path("printing/paper/", views.PaperUseView.as_view(), name="paper-use"),
    path(
        "printing/paper/export/",
        views.PaperUseView.as_view(export=True),
        name="paper-export",
    ),
    path("counts/", views.CountListView.as_view(), name="count-list"),
    path("counts/new/", views.CountCreateView.as_view(), name="count-create"),
    path("counts/<int:pk>/", views.CountDetailView.as_view(), name="count-detail"),
    path(
        "counts/<int:pk>/sheet.pdf", views.CountSheetView.as_view(), name="count-sheet"
    ),
]
