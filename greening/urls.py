from django.urls import path

from . import views

app_name = "greening"

urlpatterns = [
    path("", views.ZoneListView.as_view(), name="zones"),
    path("today/", views.TodayView.as_view(), name="today"),
    path("plan/", views.CampusPlanView.as_view(), name="plan"),
    path(
        "plan/<int:pk>/upload/",
        views.CampusPlanUploadView.as_view(),
        name="plan-upload",
    ),
    path("zones/new/", views.ZoneCreateView.as_view(), name="zone-new"),
    path("zones/<int:pk>/", views.ZoneDetailView.as_view(), name="zone"),
    path("zones/<int:pk>/edit/", views.ZoneEditView.as_view(), name="zone-edit"),
    path(
        "zones/<int:pk>/outline/", views.ZoneOutlineView.as_view(), name="zone-outline"
    ),
    path("zones/<int:pk>/plants/", views.PlantAddView.as_view(), name="plant-add"),
    path("plants/<int:pk>/", views.PlantEditView.as_view(), name="plant-edit"),
    path("replacements/", views.ReplacementListView.as_view(), name="replacements"),
    path(
        "zones/<int:pk>/planting/",
        views.PlantingCreateView.as_view(),
        name="planting-new",
    ),
    path(
        "zones/<int:pk>/care-plans/new/",
        views.CarePlanCreateView.as_view(),
        name="plan-new",
    ),
    path("care-plans/<int:pk>/", views.CarePlanEditView.as_view(), name="plan-edit"),
    path("zones/<int:pk>/care/", views.CareLogCreateView.as_view(), name="care-log"),
    path("tasks/<int:pk>/done/", views.TaskDoneView.as_view(), name="task-done"),
    path("care/", views.CareLogListView.as_view(), name="care-logs"),
    path("zones/<int:pk>/inspect/", views.InspectView.as_view(), name="inspect"),
    path(
        "inspections/<int:pk>/repair/",
        views.InspectionRepairView.as_view(),
        name="inspection-repair",
    ),
    path("scores/", views.InspectionListView.as_view(), name="scores"),
    path("rankings/", views.RankingView.as_view(), name="rankings"),
    path("rankings.pdf", views.RankingPdfView.as_view(), name="rankings-pdf"),
    path(
        "responsibilities.pdf",
        views.ResponsibilityPdfView.as_view(),
        name="responsibilities-pdf",
    ),
    path("export/zones/", views.ZoneExportView.as_view(), name="export-zones"),
    path("export/care/", views.CareLogExportView.as_view(), name="export-care"),
    path("export/scores/", views.ScoreExportView.as_view(), name="export-scores"),
]
