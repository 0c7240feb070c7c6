from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView

from django_filters.views import FilterView

from .excel import Column, export_filename, export_subtitle, xlsx_response
from .filtersets import LocationFilterSet
from .forms import SchoolRulesForm
from .models import Location, Notification, SchoolRuleChange
from .notifications import notification_mark_all_read, notification_mark_read
from .pagination import DeferredJoinPaginator
from .registry import registry
from .rules import PERMISSION, school_rules_set


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


class BoundAction:
    """One available action as a page draws it: label, heading, form and URL."""

    def __init__(self, action, obj, user, form):
        self.action = action
        self.name = action.name
        self.anchor = action.name.replace("_", "-")
        self.label = action.label_for(obj, user)
        self.heading = action.heading_for(obj, user)
        self.style = action.style
        self.confirm = action.confirm
        self.template = action.template
        self.form = form
        self.multipart = form is not None and form.is_multipart()
        self.url = reverse(obj.workflow.url_name(action), args=[obj.pk])


class WorkflowDetailMixin:
    """A document's page: its available actions, each with its form, for the
    template to loop over. A form that came back with errors is shown as typed."""

    def action_form_kwargs(self, action):
        """Extra keywords for an action's form (the user, an instance, initial…)."""
        return {}

    def bound_actions(self, obj, failed=None):
        user = self.request.user
        failed_name, failed_form = failed or (None, None)
        actions = []
        for action in obj.workflow.available(obj, user):
            form = None
            if action.name == failed_name:
                form = failed_form
            elif action.form is not None:
                form = action.form_class()(
                    prefix=action.form_prefix, **self.action_form_kwargs(action)
                )
            actions.append(BoundAction(action, obj, user, form))
        return actions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = self.bound_actions(
            self.object, kwargs.get("failed_action")
        )
        return context


class DocumentActionView(View):
    """The one POST-only view of every declared workflow action.

    The document comes from the page's own queryset (another school's, or one the
    user may not see, is 404). A form with mistakes, or a refusal by the service
    while the action is still offered, shows the document's page again with the
    errors and what was typed; a refusal of an action no longer offered (someone
    else acted first) comes back as a message. Nothing is changed by a refusal.
    """

    http_method_names = ["post"]
    detail_view = None  # the document page's view class (WorkflowDetailMixin)
    workflow = None  # set by urls(); else read from the document
    action_name = ""

    @property
    def form_class(self):
        """The action's form class (None for a bare button), for introspection."""
        return self.workflow[self.action_name].form_class() if self.workflow else None

    @property
    def form_prefix(self):
        return self.workflow[self.action_name].form_prefix if self.workflow else None

    @classmethod
    def urls(cls, workflow, *, route="<int:pk>/{name}/", views=None):
        """One URL per declared action, named as ``workflow.url_name`` expects;
        ``views`` gives an action a subclass of its own (another queryset)."""
        views = views or {}
        return [
            path(
                route.format(name=action.name.replace("_", "-")),
                views.get(action.name, cls).as_view(
                    action_name=action.name, workflow=workflow
                ),
                name=workflow.url_name(action).split(":")[-1],
            )
            for action in workflow.actions
        ]

    def detail(self, request, pk):
        view = self.detail_view()
        view.setup(request, pk=pk)
        if hasattr(view, "has_permission") and not view.has_permission():
            raise PermissionDenied
        return view

    def get_queryset(self, detail):
        """Where the document is looked up: by default the page's own queryset."""
        return detail.get_queryset()

    def done(self, obj):
        """Where to go after success: a safe ``next``, else the document's page."""
        return redirect(
            local_url(self.request, self.request.POST.get("next", "")) or obj
        )

    def post(self, request, pk):
        detail = self.detail(request, pk)
        obj = get_object_or_404(self.get_queryset(detail), pk=pk)
        detail.object = obj
        workflow, user = obj.workflow, request.user
        action = workflow[self.action_name]
        if not action.permitted(user):
            raise PermissionDenied
        reason = workflow.refusal(obj, user, action.name)
        if reason is not None:
            messages.error(request, reason)
            return self.done(obj)
        form, data = None, {}
        if action.form is not None:
            kwargs = {
                key: value
                for key, value in detail.action_form_kwargs(action).items()
                if key != "initial"
            }
            form = action.form_class()(
                data=request.POST,
                files=request.FILES,
                prefix=action.form_prefix,
                **kwargs,
            )
            if not form.is_valid():
                return self.again(detail, pk, action, form)
            data = form.cleaned_data
        try:
            result = workflow.perform(obj, user, action.name, data)
        except ValidationError as error:
            fresh = self.get_queryset(detail).get(pk=pk)
            if form is not None and workflow.allows(fresh, user, action.name):
                form.add_error(None, error)
                return self.again(detail, pk, action, form)
            messages.error(request, error_text(error))
        else:
            message = action.success_for(obj, result)
            if message:
                messages.success(request, message)
        return self.done(obj)

    def again(self, detail, pk, action, form):
        """The document's page once more, with this action's form as it was sent."""
        detail.object = get_object_or_404(detail.get_queryset(), pk=pk)
        context = detail.get_context_data(
            object=detail.object, failed_action=(action.name, form)
        )
        return detail.render_to_response(context)


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


class SchoolRulesView(PermissionRequiredMixin, FormView):
    """The school's rules, grouped by app, edited by its administrator or logistics
    head; below them, the latest changes. Only the user's own school's."""

    permission_required = PERMISSION
    template_name = "logistics/school_rules.html"
    form_class = SchoolRulesForm

    def get_form_kwargs(self):
        if self.request.school is None:
            raise Http404
        return {**super().get_form_kwargs(), "school": self.request.school}

    def form_valid(self, form):
        try:
            changed = school_rules_set(
                school=self.request.school,
                values=form.changed_rules(),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_rule_errors(error)
            return self.form_invalid(form)
        if changed:
            messages.success(
                self.request,
                _("%(count)d rules changed.") % {"count": len(changed)},
            )
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect("school-rules")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changes = SchoolRuleChange.objects.for_school(
            self.request.school
        ).select_related("by__profile")[:20]
        context["changes"] = [
            {
                "change": change,
                "rule": registry.rules.get(change.key),
                "old": rule_shown(change.key, change.old_value),
                "new": rule_shown(change.key, change.new_value),
            }
            for change in changes
        ]
        return context


def rule_shown(key, raw):
    """A logged value as people read it (the raw value for a rule no longer declared)."""
    rule = registry.rules.get(key)
    if rule is None or raw is None:
        return "" if raw is None else str(raw)
    try:
        return rule.display(rule.from_json(raw))
    except (TypeError, ValueError, ArithmeticError):
        return str(raw)
