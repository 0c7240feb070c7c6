"""Greening pages: zones and the campus plan, today's care tasks on a phone, care
logs, 四化 scores and rankings, exports and printable lists."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from django_filters.views import FilterView

from logistics.excel import Column, export_filename, export_subtitle, xlsx_response
from logistics.listing import Labelled, load_choices
from logistics.models import Campus, School, class_label, display_name
from logistics.pagination import CountedPagePaginator
from logistics.pdf import pdf_response
from logistics.scoping import school_id_of
from logistics.views import SchoolFilterMixin, error_text

from . import selectors, services
from .choices import SCORE_FIELDS, CareTask, PlantCondition, ZoneKind
from .filtersets import CareLogFilterSet, InspectionFilterSet, ZoneFilterSet
from .forms import (
    CampusPlanForm,
    CareLogForm,
    CarePlanForm,
    InspectionForm,
    OutlineForm,
    PlantForm,
    PlantingForm,
    RepairCategoryForm,
    TaskDoneForm,
    ZoneForm,
)
from .models import (
    CampusPlan,
    CareLog,
    CarePlan,
    Inspection,
    Plant,
    Season,
    Term,
    Zone,
)

MAX_EXPORT_ROWS = 50000


def _school(user):
    return School.objects.filter(pk=school_id_of(user)).first()


class ZoneReaderMixin(PermissionRequiredMixin):
    """Pages of zones: for those who oversee the grounds (every zone) and for
    zone keepers (their own zones)."""

    def has_permission(self):
        return selectors.may_read_zones(self.request.user)

    def visible_zones(self):
        return selectors.zones_visible_to(self.request.user)


def form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# -- zones -------------------------------------------------------------------


# How the zone list's filter drop-downs read (``load_choices``: one query for all).
ZONE_FILTER_LABELS = {
    "campus_id": Labelled(("name",), str),
    "keeper_id": Labelled(
        ("profile__real_name", "username"), lambda name, login: name or login
    ),
    "school_class_id": Labelled(("grade", "number"), class_label),
}


class ZoneListView(ZoneReaderMixin, SchoolFilterMixin, FilterView):
    """The zones, each with its keepers, plants and state (latest score, open
    problems, keep off), in a fixed number of queries however many zones: the
    states are annotations of the page's query, which also counts the rows
    (``CountedPagePaginator``), and the filter's drop-downs are one query."""

    filterset_class = ZoneFilterSet
    template_name = "greening/zone_list.html"
    paginate_by = 50
    paginator_class = CountedPagePaginator

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        load_choices(filterset.form, ZONE_FILTER_LABELS)
        return filterset

    def get_queryset(self):
        people = get_user_model().objects.select_related("profile")
        return selectors.with_states(
            self.visible_zones()
            .select_related("campus", "school_class")
            .prefetch_related(Prefetch("keepers", queryset=people))
            .order_by("campus_id", "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["states"] = {
            zone.pk: selectors.state_of(zone)
            for zone in context["page_obj"].object_list
        }
        context["export_url"] = (
            reverse("greening:export-zones")
            if self.request.user.has_perm("greening.export_zone")
            else ""
        )
        return context


class ZoneCreateView(PermissionRequiredMixin, FormView):
    permission_required = "greening.manage_zone"
    form_class = ZoneForm
    template_name = "greening/zone_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = self.get_instance()
        return kwargs

    def get_instance(self):
        return Zone(school_id=school_id_of(self.request.user))

    def form_valid(self, form):
        try:
            zone = services.zone_save(
                zone=form.save(commit=False),
                by=self.request.user,
                locations=list(form.cleaned_data["locations"]),
                keepers=list(form.cleaned_data["keepers"]),
            )
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Zone %(name)s saved.") % {"name": zone.name})
        return redirect(zone)


class ZoneEditView(ZoneCreateView):
    def get_instance(self):
        return get_object_or_404(
            Zone.objects.for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zone"] = self.get_form().instance
        return context


class ZoneDetailView(ZoneReaderMixin, DetailView):
    template_name = "greening/zone_detail.html"
    context_object_name = "zone"

    def get_queryset(self):
        return self.visible_zones().select_related("campus", "school_class")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zone, user = self.object, self.request.user
        school_id = zone.school_id
        keepers = list(zone.keepers.select_related("profile"))
        context["keepers"] = keepers
        context["locations"] = zone.locations.select_related("building")
        context["plants"] = zone.plants.select_related("species")
        context["plantings"] = zone.plantings.select_related(
            "species"
        ).prefetch_related("participants__profile")[:10]
        plans = list(zone.care_plans.filter(is_active=True).select_related("zone"))
        context["plans"] = plans
        tasks = selectors.open_tasks(plans, school_id=school_id)
        context["tasks"] = tasks
        context["logs"] = zone.care_logs.select_related("by__profile").prefetch_related(
            "materials"
        )[:20]
        context["inspections"] = zone.inspections.select_related("by__profile")[:12]
        context["keep_off_until"] = selectors.keep_off_until(zone)
        # Reminders of overdue care sent to the keepers (noted by the core's clock).
        context["reminders"] = zone.timeline(last=10)
        context["may_log"] = services.may_log_care(zone, user)
        context["may_manage"] = user.has_perm("greening.manage_zone")
        is_keeper = any(k.pk == user.pk for k in keepers)
        context["may_inspect"] = (
            user.has_perm("greening.inspect_zone") and not is_keeper
        )
        context["keeper_may_not_score"] = (
            user.has_perm("greening.inspect_zone") and is_keeper
        )
        context["care_form"] = CareLogForm(prefix="care", school=school_id)
        context["plant_form"] = PlantForm(prefix="plant", user=user)
        context["inspection_form"] = InspectionForm(prefix="score", school=school_id)
        context["repair_form"] = RepairCategoryForm(prefix="repair")
        seasons = {
            season.code: season.name for season in Season.objects.for_school(school_id)
        }
        context["plan_rows"] = [
            (
                plan,
                [
                    (seasons.get(code, code), days)
                    for code, days in plan.every_days.items()
                ],
            )
            for plan in plans
        ]
        return context


class ZoneOutlineView(PermissionRequiredMixin, View):
    """Save the area drawn on the campus plan (POST, JSON in a form field)."""

    permission_required = "greening.manage_zone"
    http_method_names = ["post"]
    form_class = OutlineForm

    def post(self, request, pk):
        zone = get_object_or_404(Zone.objects.for_user(request.user), pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                services.zone_set_outline(
                    zone=zone, by=request.user, outline=form.cleaned_data["outline"]
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request, _("The area of %(zone)s is saved.") % {"zone": zone.name}
                )
        return redirect(f"{_plan_url(zone.campus_id)}")


def _plan_url(campus_id):
    return reverse("greening:plan") + f"?campus={campus_id}"


# -- campus plan ------------------------------------------------------------------


class CampusPlanView(ZoneReaderMixin, TemplateView):
    template_name = "greening/plan.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campuses = list(Campus.objects.for_user(user))
        chosen = self.request.GET.get("campus", "")
        campus = next((c for c in campuses if str(c.pk) == chosen), None)
        if campus is None and campuses:
            campus = campuses[0]
        context["campuses"], context["campus"] = campuses, campus
        if campus is None:
            return context
        plan = CampusPlan.objects.filter(campus=campus).first()
        zones = list(
            selectors.with_states(
                self.visible_zones()
                .filter(campus=campus, is_active=True)
                .select_related("school_class")
            )
        )
        states = {zone.pk: selectors.state_of(zone) for zone in zones}
        now = timezone.now()
        context["plan"] = plan
        context["zones"] = zones
        context["states"] = states
        context["plan_data"] = {
            "zones": [
                {
                    "id": zone.pk,
                    "name": zone.name,
                    "url": zone.get_absolute_url(),
                    "outline": zone.outline or [],
                    "score": states[zone.pk]["score"],
                    "problems": states[zone.pk]["problems"],
                    "keepOff": bool(
                        states[zone.pk]["keep_off_until"]
                        and states[zone.pk]["keep_off_until"] > now
                    ),
                }
                for zone in zones
            ],
            "labels": {
                "keepOff": _("Recently sprayed, keep off"),
                "noScore": _("Not scored yet"),
                "problems": _("open problems"),
                "drawHelp": _("Tap the corners of the area on the plan, then save."),
            },
        }
        context["may_manage"] = user.has_perm("greening.manage_zone")
        context["upload_form"] = CampusPlanForm()
        context["mode"] = self.request.GET.get("colour", "score")
        return context


class CampusPlanUploadView(PermissionRequiredMixin, View):
    permission_required = "greening.manage_zone"
    http_method_names = ["post"]
    form_class = CampusPlanForm

    def post(self, request, pk):
        campus = get_object_or_404(Campus.objects.for_user(request.user), pk=pk)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                services.campus_plan_upload(
                    campus=campus, by=request.user, image=form.cleaned_data["image"]
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The campus plan is saved."))
        return redirect(_plan_url(campus.pk))


# -- plants -------------------------------------------------------------------


class ZoneActionView(PermissionRequiredMixin, View):
    """A POST on a zone's page: the zone comes from the user's school only."""

    http_method_names = ["post"]
    form_class = None
    form_prefix = None

    def form_kwargs(self, zone):
        return {}

    def post(self, request, pk):
        self.zone = zone = get_object_or_404(Zone.objects.for_user(request.user), pk=pk)
        form = self.form_class(
            request.POST,
            request.FILES,
            prefix=self.form_prefix,
            **self.form_kwargs(zone),
        )
        if not form.is_valid():
            form_errors(request, form)
            return redirect(zone)
        try:
            message = self.act(zone, form)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.success_url(zone))

    def success_url(self, zone):
        return zone.get_absolute_url()


class PlantAddView(ZoneActionView):
    permission_required = "greening.log_care"
    form_class = PlantForm
    form_prefix = "plant"

    def form_kwargs(self, zone):
        return {"user": self.request.user, "instance": Plant(zone=zone)}

    def act(self, zone, form):
        if not services.may_log_care(zone, self.request.user):
            raise PermissionDenied
        plant = form.save(commit=False)
        plant.zone = zone
        services.plant_save(plant=plant, by=self.request.user)
        return _("Plants recorded.")


class PlantEditView(PermissionRequiredMixin, FormView):
    permission_required = "greening.log_care"
    form_class = PlantForm
    template_name = "greening/plant_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plant = get_object_or_404(
            Plant.objects.for_user(request.user).select_related("zone", "species"),
            pk=kwargs["pk"],
        )
        if request.user.has_perm("greening.log_care") and not services.may_log_care(
            self.plant.zone, request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=self.plant)
        return kwargs

    def form_valid(self, form):
        try:
            services.plant_save(plant=form.save(commit=False), by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Plants changed."))
        return redirect(self.plant.zone)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plant"] = self.plant
        return context


class ReplacementListView(ZoneReaderMixin, TemplateView):
    """The season's replacement list: plants dead or needing care, by zone."""

    template_name = "greening/replacements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plants = (
            Plant.objects.for_user(self.request.user)
            .filter(zone__in=self.visible_zones())
            .exclude(condition=PlantCondition.THRIVING)
            .select_related("zone", "species")
            .order_by("condition", "zone__name", "species__name_zh")
        )
        context["plants"] = plants
        return context


class PlantingCreateView(PermissionRequiredMixin, FormView):
    permission_required = "greening.manage_zone"
    form_class = PlantingForm
    template_name = "greening/planting_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.zone = get_object_or_404(
            Zone.objects.for_user(request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        from .models import PlantingEvent

        kwargs.update(user=self.request.user, instance=PlantingEvent(zone=self.zone))
        return kwargs

    def form_valid(self, form):
        planting = form.save(commit=False)
        planting.zone = self.zone
        try:
            services.planting_record(
                planting=planting,
                by=self.request.user,
                participants=list(form.cleaned_data["participants"]),
            )
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Planting recorded."))
        return redirect(self.zone)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zone"] = self.zone
        return context


# -- care plans -------------------------------------------------------------------


class CarePlanCreateView(PermissionRequiredMixin, FormView):
    permission_required = "greening.manage_zone"
    form_class = CarePlanForm
    template_name = "greening/care_plan_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = self.get_plan(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_plan(self, request, pk):
        zone = get_object_or_404(Zone.objects.for_user(request.user), pk=pk)
        return CarePlan(zone=zone, school_id=zone.school_id, task=CareTask.WATER)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=self.plan)
        return kwargs

    def form_valid(self, form):
        try:
            services.care_plan_save(plan=form.save(commit=False), by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Care plan saved."))
        return redirect(self.plan.zone)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zone"], context["plan"] = self.plan.zone, self.plan
        return context


class CarePlanEditView(CarePlanCreateView):
    def get_plan(self, request, pk):
        return get_object_or_404(
            CarePlan.objects.for_user(request.user).select_related("zone"), pk=pk
        )


# -- care ---------------------------------------------------------------------


class TodayView(PermissionRequiredMixin, TemplateView):
    """A zone keeper's phone page: today's and overdue tasks in their zones."""

    permission_required = "greening.log_care"
    template_name = "greening/today.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tasks"] = selectors.tasks_for(user)
        context["zones"] = Zone.objects.kept_by(user).select_related("campus")
        context["done_form"] = TaskDoneForm()
        context["now"] = timezone.localtime()
        return context


class TaskDoneView(PermissionRequiredMixin, View):
    """One tap: the plan's task is done, with an optional photo."""

    permission_required = "greening.log_care"
    http_method_names = ["post"]
    form_class = TaskDoneForm

    def post(self, request, pk):
        plan = get_object_or_404(
            CarePlan.objects.for_user(request.user).select_related("zone"), pk=pk
        )
        if not services.may_log_care(plan.zone, request.user):
            raise Http404
        form = self.form_class(request.POST, request.FILES, school=plan.school_id)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                services.care_task_done(
                    plan=plan, by=request.user, photo=form.cleaned_data.get("photo")
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("Done: %(task)s in %(zone)s.")
                    % {"task": plan.get_task_display(), "zone": plan.zone.name},
                )
        return redirect(_next_or(request, "greening:today"))


def _next_or(request, name):
    from logistics.views import local_url

    return local_url(request, request.POST.get("next", "")) or reverse(name)


class CareLogCreateView(ZoneActionView):
    permission_required = "greening.log_care"
    form_class = CareLogForm
    form_prefix = "care"

    def post(self, request, pk):
        zone = get_object_or_404(Zone.objects.for_user(request.user), pk=pk)
        if not services.may_log_care(zone, request.user):
            raise Http404
        return super().post(request, pk)

    def form_kwargs(self, zone):
        return {"school": zone.school_id}

    def act(self, zone, form):
        data = form.cleaned_data
        services.care_log_create(
            zone=zone,
            by=self.request.user,
            task=data["task"],
            note=data.get("note", ""),
            photo=data.get("photo"),
            product=data.get("product", ""),
            amount=data.get("amount"),
            amount_unit=data.get("amount_unit", ""),
            safety_note=data.get("safety_note", ""),
            materials=form.materials(),
        )
        return _("Care work recorded.")


class CareLogListView(ZoneReaderMixin, SchoolFilterMixin, FilterView):
    filterset_class = CareLogFilterSet
    template_name = "greening/care_logs.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            selectors.care_logs_visible_to(self.request.user)
            .select_related("zone", "by__profile")
            .prefetch_related("materials")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("greening.export_zone"):
            context["export_url"] = reverse("greening:export-care")
        return context


# -- inspections -------------------------------------------------------------------


class InspectView(ZoneActionView):
    permission_required = "greening.inspect_zone"
    form_class = InspectionForm
    form_prefix = "score"

    def form_kwargs(self, zone):
        return {"school": zone.school_id}

    def act(self, zone, form):
        data = form.cleaned_data
        inspection, warning = services.inspection_record(
            zone=zone,
            by=self.request.user,
            scores=form.scores(),
            remarks=data.get("remarks", ""),
            problem=data.get("problem", ""),
            photo=data.get("photo"),
            file_repair=data.get("file_repair", False),
            repair_category=data.get("repair_category") or "other",
        )
        if warning:
            messages.warning(self.request, warning)
        if inspection.repair_number:
            return _("Scored %(total)s/40; repair %(number)s filed.") % {
                "total": inspection.total,
                "number": inspection.repair_number,
            }
        return _("Scored %(total)s/40.") % {"total": inspection.total}


class InspectionRepairView(PermissionRequiredMixin, View):
    permission_required = "greening.inspect_zone"
    http_method_names = ["post"]
    form_class = RepairCategoryForm
    form_prefix = "repair"

    def post(self, request, pk):
        inspection = get_object_or_404(
            Inspection.objects.for_user(request.user).select_related("zone"), pk=pk
        )
        form = RepairCategoryForm(request.POST, prefix=self.form_prefix)
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                inspection = services.inspection_file_repair(
                    inspection=inspection,
                    by=request.user,
                    category=form.cleaned_data["repair_category"],
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("Repair %(number)s filed.")
                    % {"number": inspection.repair_number},
                )
        return redirect(inspection.zone)


class InspectionListView(ZoneReaderMixin, SchoolFilterMixin, FilterView):
    filterset_class = InspectionFilterSet
    template_name = "greening/inspections.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.inspections_visible_to(self.request.user).select_related(
            "zone", "by__profile", "school_class"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("greening.export_zone"):
            context["export_url"] = reverse("greening:export-scores")
        return context


# -- rankings -------------------------------------------------------------------


class RankingMixin:
    def ranking_context(self):
        user = self.request.user
        school_id = school_id_of(user)
        terms = list(Term.objects.for_user(user))
        chosen = self.request.GET.get("term", "")
        term = next((t for t in terms if str(t.pk) == chosen), None) or (
            selectors.current_term(school_id)
        )
        first, last = selectors.term_span(term)
        weeks = selectors.week_choices(school_id, first, last)
        week = None
        week_text = self.request.GET.get("week", "")
        if week_text:
            week = next((w for w in weeks if w.isoformat() == week_text), None)
        span = (week, week) if week else (first, last)
        classes, people = selectors.rankings(school_id, *span)
        return {
            "terms": terms,
            "term": term,
            "weeks": weeks,
            "week": week,
            "first": first,
            "last": last,
            "classes": classes,
            "people": people,
            "school": _school(user),
        }


class RankingView(PermissionRequiredMixin, RankingMixin, TemplateView):
    permission_required = "greening.view_inspection"
    template_name = "greening/rankings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.ranking_context())
        school_id = school_id_of(self.request.user)
        context["chart"] = {
            "bar": {
                "labels": [row.name for row in context["classes"]],
                "data": [row.average for row in context["classes"]],
                "label": _("Average score (of 40)"),
            },
            "trend": selectors.weekly_trend(
                school_id, context["first"], context["last"]
            ),
        }
        trend = context["chart"]["trend"]
        context["trend_rows"] = [
            (week, [series["data"][index] for series in trend["series"]])
            for index, week in enumerate(trend["weeks"])
        ]
        return context


class RankingPdfView(PermissionRequiredMixin, RankingMixin, View):
    permission_required = "greening.view_inspection"

    def get(self, request):
        context = self.ranking_context()
        return pdf_response(
            "greening/print/rankings.html",
            context,
            _("四化 ranking") + ".pdf",
            request=request,
        )


class ResponsibilityPdfView(PermissionRequiredMixin, View):
    """The term's responsibility list (片区责任表) to post on the wall."""

    permission_required = "greening.view_inspection"

    def get(self, request):
        user = request.user
        terms = list(Term.objects.for_user(user))
        chosen = request.GET.get("term", "")
        term = next((t for t in terms if str(t.pk) == chosen), None) or (
            selectors.current_term(school_id_of(user))
        )
        zones = (
            Zone.objects.for_user(user)
            .filter(is_active=True)
            .select_related("campus", "school_class")
            .prefetch_related(Prefetch("keepers"), "keepers__profile")
            .order_by("campus_id", "name")
        )
        return pdf_response(
            "greening/print/responsibilities.html",
            {"zones": zones, "term": term, "school": _school(user)},
            _("Zone responsibility list") + ".pdf",
            request=request,
        )


# -- exports -------------------------------------------------------------------


def labels_of(choices):
    return {value: str(label) for value, label in choices.choices}


class ExportMixin(PermissionRequiredMixin):
    permission_required = "greening.export_zone"
    filterset_class = None

    def filtered(self, queryset):
        filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, user=self.request.user
        )
        if filterset.is_bound and not filterset.is_valid():
            return queryset.none()
        return filterset.qs


class ZoneExportView(ExportMixin, View):
    filterset_class = ZoneFilterSet

    def get(self, request):
        zones = self.filtered(
            Zone.objects.for_user(request.user)
            .select_related("campus", "school_class")
            .prefetch_related("keepers__profile", "locations")
            .order_by("campus_id", "name")
        )[:MAX_EXPORT_ROWS]
        rows = (
            (
                zone.name,
                labels_of(ZoneKind).get(zone.kind, zone.kind),
                str(zone.campus),
                "、".join(str(place) for place in zone.locations.all()),
                zone.area,
                "、".join(display_name(k) for k in zone.keepers.all()),
                str(zone.school_class) if zone.school_class else "",
                zone.standard,
            )
            for zone in zones
        )
        columns = [
            Column(_("Zone"), width=16),
            Column(_("Kind"), width=10),
            Column(_("Campus"), width=10),
            Column(_("Places covered"), width=24),
            Column(_("Area (m²)"), "decimal", width=10),
            Column(_("Responsible people"), width=18),
            Column(_("Responsible class"), width=12),
            Column(_("Standard to keep"), width=40),
        ]
        title = _("Zones and responsibilities")
        return xlsx_response(
            filename=export_filename(title),
            columns=columns,
            rows=rows,
            title=title,
            subtitle=export_subtitle(_school(request.user)),
        )


class CareLogExportView(ExportMixin, View):
    filterset_class = CareLogFilterSet

    def get(self, request):
        logs = self.filtered(
            CareLog.objects.for_user(request.user)
            .select_related("zone", "by__profile")
            .prefetch_related("materials")
        )[:MAX_EXPORT_ROWS]
        rows = (
            (
                log.done_at,
                log.zone.name,
                labels_of(CareTask).get(log.task, log.task),
                display_name(log.by),
                "、".join(str(m) for m in log.materials.all()),
                log.product,
                log.amount,
                log.amount_unit,
                log.safety_note,
                log.note,
            )
            for log in logs.iterator(chunk_size=1000)
        )
        columns = [
            Column(_("Done at"), "datetime", width=17),
            Column(_("Zone"), width=16),
            Column(_("Task"), width=10),
            Column(_("Done by"), width=10),
            Column(_("Materials"), width=24),
            Column(_("Pesticide"), width=14),
            Column(pgettext("dose", "Amount"), "decimal", width=8),
            Column(_("Unit"), width=6),
            Column(_("Safety note"), width=24),
            Column(_("Note"), width=30),
        ]
        title = _("Care logs")
        return xlsx_response(
            filename=export_filename(title),
            columns=columns,
            rows=rows,
            title=title,
            subtitle=export_subtitle(_school(request.user)),
        )


class ScoreExportView(ExportMixin, View):
    filterset_class = InspectionFilterSet

    def get(self, request):
        inspections = self.filtered(
            Inspection.objects.for_user(request.user)
            .select_related("zone", "by__profile", "school_class")
            .prefetch_related("keepers__profile")
        )[:MAX_EXPORT_ROWS]
        rows = (
            (
                inspection.week,
                inspection.zone.name,
                str(inspection.school_class) if inspection.school_class else "",
                "、".join(display_name(k) for k in inspection.keepers.all()),
                *[getattr(inspection, name) for name in SCORE_FIELDS],
                inspection.total,
                display_name(inspection.by),
                inspection.remarks,
                inspection.problem,
                inspection.repair_number,
            )
            for inspection in inspections
        )
        columns = [
            Column(_("Week of"), "date", width=12),
            Column(_("Zone"), width=16),
            Column(_("Responsible class"), width=12),
            Column(_("Responsible people"), width=16),
            Column(_("Green"), "int", width=6),
            Column(_("Beautiful"), "int", width=6),
            Column(_("Clean"), "int", width=6),
            Column(_("Fragrant"), "int", width=6),
            Column(pgettext("score", "Total"), "int", width=6),
            Column(_("Inspected by"), width=10),
            Column(_("Remarks"), width=24),
            Column(_("Problem found"), width=24),
            Column(_("Repair request"), width=14),
        ]
        title = _("四化 scores")
        return xlsx_response(
            filename=export_filename(title),
            columns=columns,
            rows=rows,
            title=title,
            subtitle=export_subtitle(_school(request.user)),
        )


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())
