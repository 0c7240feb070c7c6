from django.urls import path

from . import views
from .workflows import HAZARD_WORKFLOW

app_name = "safety"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # roster and rounds
    path("roster/", views.RosterView.as_view(), name="roster"),
    path("roster/add/", views.DutyAddView.as_view(), name="roster-add"),
    path("roster/<int:pk>/swap/", views.DutySwapView.as_view(), name="roster-swap"),
    path("routes/", views.RoutesView.as_view(), name="routes"),
    path("routes/<int:pk>/", views.RouteView.as_view(), name="route"),
    path(
        "routes/<int:pk>/labels.pdf", views.PlaceQRView.as_view(), name="route-labels"
    ),
    path("rounds/", views.RoundsView.as_view(), name="rounds"),
    path("rounds/today/", views.TodayView.as_view(), name="today"),
    path("rounds/walk/<int:pk>/", views.WalkView.as_view(), name="walk"),
    path("rounds/sync/", views.SyncView.as_view(), name="sync"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("rounds/export/", views.RoundsExportView.as_view(), name="rounds-export"),
    path(
        "answers/<int:pk>/repair/",
        views.AnswerRepairView.as_view(),
        name="answer-repair",
    ),
    path(
        "answers/<int:pk>/hazard/",
        views.AnswerHazardView.as_view(),
        name="answer-hazard",
    ),
    # hazards
    path("hazards/", views.HazardListView.as_view(), name="hazards"),
    path("hazards/new/", views.HazardCreateView.as_view(), name="hazard-new"),
    path("hazards/export/", views.HazardExportView.as_view(), name="hazards-export"),
    path("hazards/register.pdf", views.HazardPdfView.as_view(), name="hazards-pdf"),
    path("hazards/<int:pk>/", views.HazardDetailView.as_view(), name="hazard"),
    *views.HazardActionView.urls(HAZARD_WORKFLOW, route="hazards/<int:pk>/{name}/"),
    # fire equipment
    path("fire/", views.FireListView.as_view(), name="fire"),
    path("fire/due/", views.FireDueView.as_view(), name="fire-due"),
    path("fire/room/<int:pk>/", views.FireRoomView.as_view(), name="fire-room"),
    path(
        "fire/room/<int:pk>/check/",
        views.FireRoomCheckView.as_view(),
        name="fire-room-check",
    ),
    path("fire/<int:pk>/check/", views.FireCheckView.as_view(), name="fire-check"),
    path(
        "fire/checks/export/", views.FireChecksExportView.as_view(), name="fire-export"
    ),
    # visitors
    path("visitors/", views.VisitorsView.as_view(), name="visitors"),
    path("visitors/<int:pk>/out/", views.VisitorOutView.as_view(), name="visitor-out"),
    path(
        "visitors/history/", views.VisitorHistoryView.as_view(), name="visitor-history"
    ),
    path("visitors/export/", views.VisitorExportView.as_view(), name="visitors-export"),
    # documents and output
    path("documents/", views.DocumentsView.as_view(), name="documents"),
    path("documents/new/", views.DocumentCreateView.as_view(), name="document-new"),
    path("documents/<int:pk>/", views.DocumentView.as_view(), name="document"),
    path(
        "documents/<int:pk>/upload/",
        views.DocumentUploadView.as_view(),
        name="document-upload",
    ),
    path(
        "documents/<int:pk>/read/",
        views.DocumentReadView.as_view(),
        name="document-read",
    ),
    path("contacts.pdf", views.ContactsPdfView.as_view(), name="contacts-pdf"),
    path("report/weekly.pdf", views.WeeklyReportView.as_view(), name="weekly-report"),
]
