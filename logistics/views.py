from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from django_filters.views import FilterView

from .excel import Column, export_filename, export_subtitle, xlsx_response
from .filtersets import LocationFilterSet
from .models import Location, Notification
from .notifications import notification_mark_all_read, notification_mark_read
from .pagination import DeferredJoinPaginator
from .registry import registry


class SchoolScopedMixin:
    """Every object and list a view shows comes from the user's school only."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)


class SchoolFilterMixin:
    """Passes the user to the FilterSet so its choices are scoped too, and pages
    the list by its keys first, so a page deep in a long list costs no more than
    the first (``DeferredJoinPaginator``)."""

    paginator_class = DeferredJoinPaginator

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def filtered_queryset(self):
        """The rows the page's filters select (all without filters, none if invalid):
        what an export or a label sheet of "this list" must hold."""
        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid():
            return self.get_queryset().none()
        return filterset.qs


def local_url(request, url):
    """``url`` if it is a path on this site, else "": never an open redirect, also
    not for the tricks browsers read as another host (``//x``, ``/\\x``)."""
    if (
        url
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and "\\" not in url
    ):
        return url
    return ""


def error_text(error):
    """A refusal as one sentence for a message box."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class WorkflowActionView(PermissionRequiredMixin, View):
    """A POST-only workflow action: check the form, call one service, report back.

    Subclasses set ``permission_required``, ``model`` (or ``get_queryset``), an
    optional ``form_class`` and implement ``act(obj, data)``. The object comes from
    the user's school only (another school's id is 404); a refusal (ValidationError)
    becomes an error message and changes nothing.
    """

    http_method_names = ["post"]
    model = None
    form_class = None
    form_prefix = None
    success_message = ""

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_form_kwargs(self):
        return {
            "data": self.request.POST,
            "files": self.request.FILES,
            "prefix": self.form_prefix,
        }

    def post(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        data = {}
        if self.form_class is not None:
            form = self.form_class(**self.get_form_kwargs())
            if not form.is_valid():
                for field, errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    for error in errors:
                        messages.error(request, f"{label}: {error}" if label else error)
                return redirect(self.get_success_url())
            data = form.cleaned_data
        try:
            self.act(self.object, data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(self.get_success_url())

    def act(self, obj, data):
        raise NotImplementedError

    def get_success_url(self):
        return self.object.get_absolute_url()


@login_not_required
@never_cache
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send the static one."""
    return redirect(static("img/favicon.ico"))


class HomeView(TemplateView):
    template_name = "logistics/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cards = [card for func in registry.home_cards for card in func(user)]
        context["cards"] = [card for card in cards if card.todo]
        context["glance_cards"] = [card for card in cards if not card.todo]
        recent = [row for func in registry.recent_requests for row in func(user)]
        recent.sort(key=lambda row: row.when, reverse=True)
        context["recent_requests"] = recent[:10]
        context["recent_notifications"] = Notification.objects.filter(recipient=user)[
            :5
        ]
        return context


class NotificationListView(ListView):
    template_name = "logistics/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)


class NotificationReadView(View):
    """Mark one notification read and follow its link (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notification = get_object_or_404(
            Notification.objects.for_user(request.user), pk=pk, recipient=request.user
        )
        notification_mark_read(notification=notification, by=request.user)
        return redirect(local_url(request, notification.url) or "notification-list")


class NotificationReadAllView(View):
    http_method_names = ["post"]

    def post(self, request):
        count = notification_mark_all_read(by=request.user)
        messages.success(
            request, _("%(count)d notifications marked read.") % {"count": count}
        )
        return redirect("notification-list")


class LocationListView(
    PermissionRequiredMixin, SchoolScopedMixin, SchoolFilterMixin, FilterView
):
    permission_required = "logistics.view_location"
    model = Location
    filterset_class = LocationFilterSet
    template_name = "logistics/location_list.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().select_related("campus", "building")


class LocationExportView(
    PermissionRequiredMixin, SchoolScopedMixin, SchoolFilterMixin, FilterView
):
    """The location list as .xlsx, with the same filters as the page."""

    permission_required = "logistics.export_location"
    model = Location
    filterset_class = LocationFilterSet

    def get(self, request, *args, **kwargs):
        queryset = self.filtered_queryset()
        columns = [
            Column(_("Code"), width=12),
            Column(_("Name"), width=24),
            Column(_("Type"), width=12),
            Column(_("Campus"), width=14),
            Column(_("Building"), width=16),
            Column(_("Floor"), "int", width=8),
        ]
        kinds = dict(Location._meta.get_field("kind").flatchoices)
        rows = (
            (code, name, str(kinds.get(kind, kind)), campus, building, floor)
            for code, name, kind, campus, building, floor in queryset.values_list(
                "code", "name", "kind", "campus__name", "building__name", "floor"
            ).iterator(chunk_size=2000)
        )
        return xlsx_response(
            filename=export_filename(_("Locations")),
            columns=columns,
            rows=rows,
            title=_("Locations"),
            subtitle=export_subtitle(request.school),
        )


class LocationDetailView(PermissionRequiredMixin, SchoolScopedMixin, DetailView):
    permission_required = "logistics.view_location"
    model = Location
    template_name = "logistics/location_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("campus", "building")
