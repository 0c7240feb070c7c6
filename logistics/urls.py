from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import files, report_views, views
from .forms import LoginForm, StyledPasswordChangeForm
from .jobs import views as job_views
from .notices import views as notice_views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # The address the contract gives the dashboard: the home page is it.
    path("dashboard/", views.HomeView.as_view(), name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path(
        "notifications/", views.NotificationListView.as_view(), name="notification-list"
    ),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        views.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
    path("reports/", report_views.ReportsView.as_view(), name="reports"),
    path(
        "reports/annual/",
        report_views.AnnualReportView.as_view(),
        name="annual-report",
    ),
    path(
        "reports/annual/export/",
        report_views.AnnualReportExportView.as_view(),
        name="annual-report-export",
    ),
    path(
        "reports/annual.pdf",
        report_views.AnnualReportPDFView.as_view(),
        name="annual-report-pdf",
    ),
    path("places/", views.LocationListView.as_view(), name="location-list"),
    path("places/export/", views.LocationExportView.as_view(), name="location-export"),
    path(
        "places/<int:pk>/", views.LocationDetailView.as_view(), name="location-detail"
    ),
    path("settings/rules/", views.SchoolRulesView.as_view(), name="school-rules"),
    path(
        "settings/notices/",
        notice_views.NoticePreferencesView.as_view(),
        name="notice-preferences",
    ),
    path("settings/outbox/", notice_views.OutboxListView.as_view(), name="outbox"),
    path(
        "settings/outbox/<int:pk>/resend/",
        notice_views.OutboxResendView.as_view(),
        name="outbox-resend",
    ),
    path("jobs/", job_views.JobListView.as_view(), name="job-list"),
    path("jobs/<int:pk>/", job_views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<int:pk>/status/", job_views.JobStatusView.as_view(), name="job-status"),
    # Uploaded files: only through this checked view, never MEDIA_URL.
    path(
        "files/<str:kind>/<int:pk>/<str:field>/<str:name>",
        files.serve_file,
        name="file",
    ),
    path("approvals/", include("logistics.approvals.urls")),
    path("admin/", admin.site.urls),
]

# Each installed app that has pages declares ``url_prefix`` on its AppConfig.
for config in apps.get_app_configs():
    prefix = getattr(config, "url_prefix", None)
    if prefix:
        urlpatterns.append(path(f"{prefix}/", include(f"{config.name}.urls")))
