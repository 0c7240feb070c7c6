from django.urls import path

from . import views
from .workflows import (
    ASSET_WORKFLOW,
    DISPOSAL_WORKFLOW,
    MONTH_WORKFLOW,
    STOCKTAKE_WORKFLOW,
)

app_name = "assets"

urlpatterns = [
    path("", views.AssetListView.as_view(), name="list"),
    path("new/", views.AssetCreateView.as_view(), name="create"),
    path("export/", views.AssetExportView.as_view(), name="export"),
    path("labels.pdf", views.LabelsView.as_view(), name="labels"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
    path(
        "import/template.xlsx",
        views.ImportTemplateView.as_view(),
        name="import-template",
    ),
    path("transfer/room/", views.RoomTransferView.as_view(), name="transfer-room"),
    path("depreciation/", views.DepreciationLedgerView.as_view(), name="depreciation"),
    path(
        "depreciation/export/",
        views.DepreciationLedgerView.as_view(export=True),
        name="depreciation-export",
    ),
    path("depreciation/months/", views.MonthListView.as_view(), name="months"),
    path(
        "depreciation/months/close/", views.MonthCloseView.as_view(), name="month-close"
    ),
    path("depreciation/open/", views.LedgerOpenView.as_view(), name="ledger-open"),
    path(
        "depreciation/months/<int:pk>/",
        views.MonthDetailView.as_view(),
        name="month-detail",
    ),
    path(
        "depreciation/months/<int:pk>/summary.xlsx",
        views.MonthSummaryExportView.as_view(kind="xlsx"),
        name="month-summary-xlsx",
    ),
    path(
        "depreciation/months/<int:pk>/summary.pdf",
        views.MonthSummaryExportView.as_view(kind="pdf"),
        name="month-summary-pdf",
    ),
    *views.MonthActionView.urls(
        MONTH_WORKFLOW, route="depreciation/months/<int:pk>/{name}/"
    ),
    path("categories/", views.CategoryListView.as_view(), name="category-list"),
    path("categories/new/", views.CategoryCreateView.as_view(), name="category-create"),
    path(
        "categories/<int:pk>/edit/",
        views.CategoryUpdateView.as_view(),
        name="category-update",
    ),
    path("<int:pk>/", views.AssetDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AssetUpdateView.as_view(), name="update"),
    path("<int:pk>/card.pdf", views.AssetCardPdfView.as_view(), name="card-pdf"),
    path("<int:pk>/transfer/", views.AssetTransferView.as_view(), name="transfer"),
    *[
        url
        for url in views.AssetActionView.urls(ASSET_WORKFLOW)
        if url.name != "transfer"  # its own page: AssetTransferView above
    ],
    path("disposals/", views.DisposalListView.as_view(), name="disposal-list"),
    path(
        "disposals/<int:pk>/",
        views.DisposalDetailView.as_view(),
        name="disposal-detail",
    ),
    *views.DisposalActionView.urls(
        DISPOSAL_WORKFLOW, route="disposals/<int:pk>/{name}/"
    ),
    path("stocktakes/", views.StocktakeListView.as_view(), name="stocktake-list"),
    path(
        "stocktakes/new/", views.StocktakeCreateView.as_view(), name="stocktake-create"
    ),
    path(
        "stocktakes/<int:pk>/",
        views.StocktakeDetailView.as_view(),
        name="stocktake-detail",
    ),
    *views.StocktakeActionView.urls(
        STOCKTAKE_WORKFLOW, route="stocktakes/<int:pk>/{name}/"
    ),
    path(
        "stocktakes/<int:pk>/report.pdf",
        views.StocktakeReportView.as_view(kind="pdf"),
        name="stocktake-report-pdf",
    ),
    path(
        "stocktakes/<int:pk>/report.xlsx",
        views.StocktakeReportView.as_view(kind="xlsx"),
        name="stocktake-report-xlsx",
    ),
    path(
        "stocktakes/<int:pk>/rooms/<int:location>/",
        views.StocktakeRoomView.as_view(),
        name="stocktake-room",
    ),
    path(
        "stocktakes/<int:pk>/rooms/<int:location>/scan/",
        views.StocktakeScanView.as_view(),
        name="stocktake-scan",
    ),
    path(
        "stocktakes/<int:pk>/rooms/<int:location>/extra/",
        views.StocktakeExtraView.as_view(),
        name="stocktake-extra",
    ),
    path(
        "stocktake-lines/<int:pk>/mark/",
        views.StocktakeMarkView.as_view(),
        name="stocktake-mark",
    ),
]
