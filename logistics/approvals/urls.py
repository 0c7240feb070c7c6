from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("approve/", views.BulkApproveView.as_view(), name="approve-selected"),
    path("<int:pk>/", views.ApprovalDetailView.as_view(), name="detail"),
    path("delegations/", views.DelegationView.as_view(), name="delegations"),
    path(
        "delegations/<int:pk>/end/",
        views.DelegationEndView.as_view(),
        name="delegation-end",
    ),
    path("chains/", views.ChainListView.as_view(), name="chain-list"),
    path("chains/<int:pk>/", views.ChainEditView.as_view(), name="chain-edit"),
]
