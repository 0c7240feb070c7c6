from django.urls import path

from . import views
from .workflows import REPAIR_WORKFLOW

app_name = "repairs"

urlpatterns = [
    path("", views.MyRequestsView.as_view(), name="mine"),
    path("new/", views.RepairCreateView.as_view(), name="new"),
    path("new/similar/", views.SimilarView.as_view(), name="similar"),
    path("report/<str:code>/", views.ReportByCodeView.as_view(), name="report"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("jobs/", views.JobsView.as_view(), name="jobs"),
    path("<int:pk>/", views.RepairDetailView.as_view(), name="detail"),
    *views.RepairActionView.urls(
        REPAIR_WORKFLOW,
        views={
            "follow": views.FollowActionView,
            "unfollow": views.FollowActionView,
        },
    ),
    path(
        "<int:pk>/parts/<int:part_pk>/",
        views.PartChangeView.as_view(),
        name="part-change",
    ),
    path(
        "<int:pk>/parts/<int:part_pk>/remove/",
        views.PartRemoveView.as_view(),
        name="part-remove",
    ),
]

urlpatterns += [
    path("<int:pk>/work-order.pdf", views.WorkOrderView.as_view(), name="work-order"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("qr-sheet/", views.QRSheetView.as_view(), name="qr-sheet"),
    path("statistics/", views.StatisticsView.as_view(), name="stats"),
]
