from django.urls import path

from . import views

app_name = "repairs"

urlpatterns = [
    path("", views.MyRequestsView.as_view(), name="mine"),
    path("new/", views.RepairCreateView.as_view(), name="new"),
    path("new/similar/", views.SimilarView.as_view(), name="similar"),
    path("report/<str:code>/", views.ReportByCodeView.as_view(), name="report"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("jobs/", views.JobsView.as_view(), name="jobs"),
    path("<int:pk>/", views.RepairDetailView.as_view(), name="detail"),
    path("<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("<int:pk>/follow/", views.FollowView.as_view(), name="follow"),
    path("<int:pk>/unfollow/", views.UnfollowView.as_view(), name="unfollow"),
    path("<int:pk>/assign/", views.AssignView.as_view(), name="assign"),
    path("<int:pk>/reject/", views.RejectView.as_view(), name="reject"),
    path("<int:pk>/start/", views.StartView.as_view(), name="start"),
    path("<int:pk>/done/", views.DoneView.as_view(), name="done"),
    path("<int:pk>/parts/", views.PartAddView.as_view(), name="part-add"),
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
    path("<int:pk>/photos/", views.PhotoAddView.as_view(), name="photo-add"),
    path("<int:pk>/damage/", views.DamageView.as_view(), name="damage"),
    path(
        "<int:pk>/compensation-paid/",
        views.CompensationPaidView.as_view(),
        name="compensation-paid",
    ),
]

urlpatterns += [
    path("<int:pk>/work-order.pdf", views.WorkOrderView.as_view(), name="work-order"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("qr-sheet/", views.QRSheetView.as_view(), name="qr-sheet"),
    path("statistics/", views.StatisticsView.as_view(), name="stats"),
]
