import datetime
import json

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from django_filters.views import FilterView

from logistics.dates import query_date
from logistics.excel import xlsx_response
from logistics.labels import qr_png_data_uri
from logistics.models import Location
from logistics.pdf import pdf_response
from logistics.registry import registry
from logistics.views import (
    DocumentActionView,
    SchoolFilterMixin,
    WorkflowDetailMixin,
    error_text,
)

from . import exports, selectors, services
from .choices import FireKind, Pressure, Shift
from .conf import safety_rule
from .filtersets import HazardFilterSet, VisitorFilterSet
from .forms import (
    DocumentCreateForm,
    DocumentUploadForm,
    DutyForm,
    HazardForm,
    HazardFromAnswerForm,
    RepairFromAnswerForm,
    SwapForm,
    VisitorForm,
)
from .models import (
    Checkpoint,
    CheckpointKind,
    DutyAssignment,
    EmergencyContact,
    FireEquipment,
    Hazard,
    PatrolRound,
    ReadConfirmation,
    RoundSchedule,
    Route,
    SafetyDocument,
    Visitor,
)
from .schedule import LATE, MISSED


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


# -- the safety home ---------------------------------------------------------------


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "safety.view_hazard"
    template_name = "safety/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["today_rounds"] = selectors.my_rounds_today(user)
        context["my_hazards"] = (
            selectors.hazards_visible_to(user)
            .filter(Q(found_by=user) | Q(rectifier=user))
            .exclude(status="closed")
            .select_related("location__building")[:10]
        )
        if user.has_perm("safety.view_all_hazard"):
            today = timezone.localdate()
            rows = Hazard.objects.for_user(user)
            context["hazard_counts"] = rows.aggregate(
                open=Count("pk", filter=~Q(status="closed")),
                overdue=Count(
                    "pk",
                    filter=Q(
                        status__in=("reported", "rectifying"), rectify_by__lt=today
                    ),
                ),
                closed=Count("pk", filter=Q(status="closed")),
            )
        return context


# -- roster ----------------------------------------------------------------------------


class RosterView(PermissionRequiredMixin, TemplateView):
    """A week of the duty roster, every shift, holidays marked."""

    permission_required = "safety.view_patrolround"
    template_name = "safety/roster.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        monday = _monday(query_date(self.request.GET.get("week"), timezone.localdate()))
        days = [monday + datetime.timedelta(days=n) for n in range(7)]
        rows = {
            (row.day, row.shift): row
            for row in DutyAssignment.objects.for_user(user)
            .filter(day__gte=days[0], day__lte=days[-1])
            .select_related("person__profile", "swapped_from__profile")
        }
        off = selectors.days_off(request_school(self.request), days[0], days[-1])
        from .schedule import is_holiday

        context.update(
            days=[
                {
                    "day": day,
                    "holiday": is_holiday(day, off),
                    "shifts": [(shift, rows.get((day, shift))) for shift in Shift],
                }
                for day in days
            ],
            shifts=list(Shift),
            previous=(monday - datetime.timedelta(days=7)).isoformat(),
            next=(monday + datetime.timedelta(days=7)).isoformat(),
            monday=monday,
            manage=user.has_perm("safety.manage_patrols"),
        )
        if context["manage"]:
            context["form"] = DutyForm(user=user, initial={"day": monday})
        context["swap_form"] = SwapForm(user=user)
        return context


def request_school(request):
    return request.school_id


class DutyAddView(PermissionRequiredMixin, View):
    permission_required = "safety.manage_patrols"
    form_class = DutyForm
    http_method_names = ["post"]

    def post(self, request):
        form = DutyForm(request.POST, user=request.user)
        week = request.POST.get("day", "")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.duty_assign(
                    school_id=request.school_id,
                    day=data["day"],
                    shift=data["shift"],
                    person=data["person"],
                    note=data["note"],
                    by=request.user,
                )
                messages.success(request, _("The roster is updated."))
            except ValidationError as error:
                messages.error(request, error_text(error))
        else:
            messages.error(request, _("Check the day, the shift and the person."))
        return redirect(reverse("safety:roster") + f"?week={week[:10]}")


class DutySwapView(PermissionRequiredMixin, View):
    permission_required = "safety.walk_patrolround"
    form_class = SwapForm
    http_method_names = ["post"]

    def post(self, request, pk):
        row = get_object_or_404(DutyAssignment.objects.for_user(request.user), pk=pk)
        form = SwapForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.duty_swap(
                    assignment=row,
                    person=form.cleaned_data["person"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
                messages.success(request, _("The swap is recorded."))
            except ValidationError as error:
                messages.error(request, error_text(error))
        else:
            messages.error(request, _("Pick who takes the shift and say why."))
        return redirect(reverse("safety:roster") + f"?week={row.day.isoformat()}")


# -- routes ------------------------------------------------------------------------------


class RoutesView(PermissionRequiredMixin, TemplateView):
    permission_required = "safety.manage_patrols"
    template_name = "safety/routes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            routes=Route.objects.for_user(user).annotate(stops=Count("checkpoints")),
            schedules=RoundSchedule.objects.for_user(user).select_related("route"),
            kinds=CheckpointKind.objects.for_user(user),
            greening_installed=registry.service("greening.zones") is not None,
        )
        return context


class RouteView(PermissionRequiredMixin, DetailView):
    permission_required = "safety.manage_patrols"
    template_name = "safety/route.html"
    context_object_name = "route"

    def get_queryset(self):
        return Route.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checkpoints"] = self.object.checkpoints.select_related(
            "location__building", "kind"
        )
        return context


# -- rounds --------------------------------------------------------------------------------


class TodayView(PermissionRequiredMixin, TemplateView):
    permission_required = "safety.walk_patrolround"
    template_name = "safety/today.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.my_rounds_today(self.request.user)
        return context


def zone_labels(user):
    """{zone id: name} from the greening app, when it is installed."""
    zones = registry.service("greening.zones")
    if zones is None:
        return {}
    return {zone["id"]: zone["name"] for zone in zones(user=user)}


class WalkView(PermissionRequiredMixin, TemplateView):
    """Today's round of a schedule on a phone: checkpoints, their checklists and
    what was already sent; the page keeps answers until they are sent."""

    permission_required = "safety.walk_patrolround"
    template_name = "safety/walk.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        schedule = get_object_or_404(
            RoundSchedule.objects.for_user(user).select_related("route"),
            pk=self.kwargs["pk"],
        )
        today = timezone.localdate()
        patrol = PatrolRound.objects.filter(schedule=schedule, day=today).first()
        checkpoints = list(
            Checkpoint.objects.filter(route=schedule.route).select_related(
                "location__building", "kind"
            )
        )
        zones = zone_labels(user)
        answers = {}
        visited = set()
        if patrol is not None:
            for row in patrol.answers.all():
                answers[f"{row.checkpoint_id}:{row.item}"] = row.answer
            visited = set(patrol.visits.values_list("checkpoint_id", flat=True))
        data = {
            "schedule": schedule.pk,
            "day": today.isoformat(),
            "round": str(patrol.client_id) if patrol else "",
            "finished": bool(patrol and patrol.finished_at),
            "sync_url": reverse("safety:sync"),
            "checkpoints": [
                {
                    "id": cp.pk,
                    "label": zones.get(cp.zone_id, cp.place_label)
                    if cp.zone_id
                    else cp.place_label,
                    "code": cp.location.code if cp.location_id else "",
                    "location": cp.location_id or 0,
                    "kind": cp.kind.name,
                    "items": cp.kind.items,
                    "visited": cp.pk in visited,
                }
                for cp in checkpoints
            ],
            "answers": answers,
        }
        context.update(
            schedule=schedule, patrol=patrol, data=data, checkpoints=checkpoints
        )
        return context


class SyncView(PermissionRequiredMixin, View):
    """Where a phone sends what it kept: one operation a request, each carrying
    the id the phone made, so a resend stores nothing twice."""

    permission_required = "safety.walk_patrolround"
    http_method_names = ["post"]

    def post(self, request):
        op = request.POST.get("op", "")
        user = request.user
        try:
            if op == "start":
                schedule = get_object_or_404(
                    RoundSchedule.objects.for_user(user),
                    pk=request.POST.get("schedule"),
                )
                day = query_date(request.POST.get("day"), None)
                if day is None:
                    raise ValidationError(_("The phone sent no day."))
                patrol = services.round_start(
                    schedule=schedule,
                    day=day,
                    by=user,
                    client_id=request.POST.get("round"),
                )
                return JsonResponse({"ok": True, "url": patrol.get_absolute_url()})
            patrol = self.patrol(request)
            if op == "finish":
                services.round_finish(
                    patrol=patrol, by=user, note=request.POST.get("note", "")[:1000]
                )
                return JsonResponse({"ok": True, "url": patrol.get_absolute_url()})
            checkpoint = get_object_or_404(
                Checkpoint.objects.for_user(user), pk=request.POST.get("checkpoint")
            )
            if op == "visit":
                services.checkpoint_visit(
                    patrol=patrol,
                    checkpoint=checkpoint,
                    method=request.POST.get("method", "tick"),
                    by=user,
                    client_id=request.POST.get("id"),
                )
            elif op == "answer":
                photo = request.FILES.get("photo")
                services.round_answer(
                    patrol=patrol,
                    checkpoint=checkpoint,
                    item=request.POST.get("item", "")[:200],
                    answer=request.POST.get("answer", ""),
                    note=request.POST.get("note", "")[:500],
                    photo=photo,
                    by=user,
                    client_id=request.POST.get("id"),
                )
            else:
                raise ValidationError(_("Unknown operation."))
        except ValidationError as error:
            return JsonResponse({"ok": False, "error": error_text(error)}, status=400)
        return JsonResponse({"ok": True})

    def patrol(self, request):
        import uuid

        try:
            client_id = uuid.UUID(request.POST.get("round", ""))
        except ValueError as error:
            raise Http404 from error
        return get_object_or_404(
            PatrolRound.objects.for_user(request.user).select_related("schedule"),
            client_id=client_id,
        )


class RoundsView(PermissionRequiredMixin, TemplateView):
    """Rounds due over a period and how each went: missed and late ones in red."""

    permission_required = "safety.view_safety_report"
    template_name = "safety/rounds.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        last = query_date(self.request.GET.get("to"), today)
        first = query_date(
            self.request.GET.get("from"), last - datetime.timedelta(days=13)
        )
        if first > last or (last - first).days > 92:
            first = last - datetime.timedelta(days=13)
        rows = selectors.round_overview(self.request.school_id, first, last)
        rows.reverse()
        people = {
            user.pk: user
            for user in get_user_model()
            .objects.filter(pk__in={r.person_id for r in rows if r.person_id})
            .select_related("profile")
        }
        for row in rows:
            row.person = people.get(row.person_id)
        only = self.request.GET.get("only", "")
        if only == "problems":
            rows = [r for r in rows if r.state in (MISSED, LATE)]
        context.update(
            rows=rows,
            first=first,
            last=last,
            only=only,
            counts=selectors.missed_counts(rows),
        )
        return context


def get_user_model():
    from django.contrib.auth import get_user_model as get

    return get()


class RoundDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "safety.walk_patrolround"
    template_name = "safety/round_detail.html"
    context_object_name = "patrol"

    def has_permission(self):
        user = self.request.user
        return user.has_perm("safety.walk_patrolround") or user.has_perm(
            "safety.view_safety_report"
        )

    def get_queryset(self):
        return selectors.rounds_visible_to(self.request.user).select_related(
            "schedule__route", "person__profile"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        patrol, user = self.object, self.request.user
        may_act = patrol.person_id == user.pk or user.has_perm("safety.manage_patrols")
        answers = list(
            patrol.answers.select_related("checkpoint__location__building", "hazard")
        )
        context.update(
            answers=answers,
            problems=[a for a in answers if a.is_problem],
            visits=list(patrol.visits.select_related("checkpoint__location")),
            may_act=may_act,
            repair_form=RepairFromAnswerForm(),
            hazard_form=HazardFromAnswerForm(),
            repairs_installed=registry.service("repairs.file") is not None,
        )
        return context


class AnswerActionView(PermissionRequiredMixin, View):
    permission_required = "safety.walk_patrolround"
    http_method_names = ["post"]

    def post(self, request, pk):
        answer = get_object_or_404(
            selectors.answers_visible_to(request.user).select_related(
                "patrol__schedule", "checkpoint__location", "checkpoint__kind"
            ),
            pk=pk,
        )
        try:
            self.act(request, answer)
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect(answer.patrol)


class AnswerRepairView(AnswerActionView):
    def act(self, request, answer):
        form = RepairFromAnswerForm(request.POST)
        data = form.cleaned_data if form.is_valid() else {}
        answer = services.answer_file_repair(
            answer=answer,
            by=request.user,
            category=data.get("category", "other"),
            urgency=data.get("urgency", "normal"),
        )
        messages.success(
            request,
            _("Repair request %(number)s filed.") % {"number": answer.repair_number},
        )


class AnswerHazardView(AnswerActionView):
    def act(self, request, answer):
        form = HazardFromAnswerForm(request.POST)
        level = form.cleaned_data["level"] if form.is_valid() else "general"
        answer = services.answer_record_hazard(
            answer=answer, by=request.user, level=level
        )
        messages.success(
            request, _("Hazard %(number)s recorded.") % {"number": answer.hazard.number}
        )


class RoundsExportView(PermissionRequiredMixin, View):
    permission_required = "safety.view_safety_report"

    def get(self, request):
        today = timezone.localdate()
        last = query_date(request.GET.get("to"), today)
        first = query_date(request.GET.get("from"), last - datetime.timedelta(days=30))
        if first > last or (last - first).days > 366:
            first = last - datetime.timedelta(days=30)
        rows = selectors.round_overview(request.school_id, first, last)
        return xlsx_response(**exports.rounds_export(rows, school=request.school))


# -- hazards -----------------------------------------------------------------------------------


class HazardListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "safety.view_hazard"
    filterset_class = HazardFilterSet
    template_name = "safety/hazard_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.hazards_visible_to(self.request.user).select_related(
            "location__building", "found_by__profile", "rectifier__profile"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class HazardCreateView(PermissionRequiredMixin, TemplateView):
    permission_required = "safety.add_hazard"
    form_class = HazardForm
    template_name = "safety/hazard_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {}
        location = self.request.GET.get("location", "")
        if location.isdigit():
            initial["location"] = int(location)
        context.setdefault("form", HazardForm(user=self.request.user, initial=initial))
        return context

    def post(self, request):
        form = HazardForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hazard = services.hazard_report(
                    by=request.user,
                    location=data["location"],
                    place_label=data["place_label"],
                    description=data["description"],
                    level=data["level"],
                    photos=[data["photo"]] if data.get("photo") else (),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Hazard %(number)s recorded. The logistics head has been told.")
                    % {"number": hazard.number},
                )
                return redirect(hazard)
        return self.render_to_response(self.get_context_data(form=form))


class HazardDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    permission_required = "safety.view_hazard"
    template_name = "safety/hazard_detail.html"
    context_object_name = "hazard"

    def get_queryset(self):
        return selectors.hazards_visible_to(self.request.user).select_related(
            "location__building",
            "found_by__profile",
            "rectifier__profile",
            "rectified_by__profile",
            "reinspected_by__profile",
        )

    def action_form_kwargs(self, action):
        if action.name == "assign":
            return {
                "user": self.request.user,
                "initial": {
                    "rectifier": self.object.rectifier_id,
                    "rectify_by": self.object.rectify_by,
                },
            }
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["photos"] = list(self.object.photos.all())
        context["overdue"] = self.object.is_overdue()
        return context


class HazardActionView(DocumentActionView):
    detail_view = HazardDetailView


class HazardExportView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "safety.export_hazard"
    filterset_class = HazardFilterSet

    def get_queryset(self):
        return selectors.hazards_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        return xlsx_response(
            **exports.hazards_export(self.filtered_queryset(), school=request.school)
        )


class HazardPdfView(HazardExportView):
    def get(self, request, *args, **kwargs):
        rows = list(
            self.filtered_queryset().select_related(
                "location__building",
                "found_by__profile",
                "rectifier__profile",
                "rectified_by__profile",
                "reinspected_by__profile",
            )[:1000]
        )
        return pdf_response(
            "safety/print/hazard_register.html",
            {"school": request.school, "rows": rows, "today": timezone.localdate()},
            _("Hazard register") + ".pdf",
            request=request,
        )


# -- fire equipment ------------------------------------------------------------------------------


def month_start():
    return timezone.localtime().replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )


class FireListView(PermissionRequiredMixin, TemplateView):
    """Fire equipment by place, with what is due this month."""

    permission_required = "safety.view_fireequipment"
    template_name = "safety/fire_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        since = month_start()
        kind = self.request.GET.get("kind", "")
        units = FireEquipment.objects.for_user(user).filter(is_active=True)
        if kind in FireKind.values:
            units = units.filter(kind=kind)
        places = (
            units.values("location_id", "location__name", "location__building__name")
            .annotate(
                units=Count("pk"),
                unchecked=Count(
                    "pk",
                    filter=Q(last_checked_at__isnull=True)
                    | Q(last_checked_at__lt=since),
                ),
            )
            .order_by("location__building__name", "location__name")
        )
        due, days = selectors.fire_due(user)
        context.update(
            places=places,
            kinds=FireKind.choices,
            kind=kind,
            due_count=due.count(),
            notice_days=days,
            totals=units.aggregate(n=Count("pk")),
        )
        return context


class FireDueView(PermissionRequiredMixin, TemplateView):
    permission_required = "safety.view_fireequipment"
    template_name = "safety/fire_due.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        due, days = selectors.fire_due(self.request.user, today=today)
        rows = list(due[:500])
        for unit in rows:
            unit.state = unit.expiry_state(today, days)
        context.update(rows=rows, notice_days=days, today=today)
        return context


class FireRoomView(PermissionRequiredMixin, TemplateView):
    """A room's units on a phone: one tap per unit, or the whole room."""

    permission_required = "safety.view_fireequipment"
    template_name = "safety/fire_room.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        location = get_object_or_404(
            Location.objects.for_user(user).select_related("building"),
            pk=self.kwargs["pk"],
        )
        since = month_start()
        today = timezone.localdate()
        days = safety_rule(location.school_id, "FIRE_NOTICE_DAYS")
        units = list(
            FireEquipment.objects.for_user(user).filter(
                location=location, is_active=True
            )
        )
        for unit in units:
            unit.checked_this_month = bool(
                unit.last_checked_at and unit.last_checked_at >= since
            )
            unit.state = unit.expiry_state(today, days)
            unit.asset_link = None
            if unit.asset_number:
                try:
                    unit.asset_link = registry.resolve("asset", user, unit.asset_number)
                except KeyError:
                    unit.asset_link = None
        context.update(
            location=location,
            units=units,
            pressures=Pressure.choices,
            may_check=user.has_perm("safety.check_fireequipment"),
        )
        return context


class FireCheckView(PermissionRequiredMixin, View):
    permission_required = "safety.check_fireequipment"
    http_method_names = ["post"]

    def post(self, request, pk):
        unit = get_object_or_404(FireEquipment.objects.for_user(request.user), pk=pk)
        ok = request.POST.get("ok", "1") == "1"
        try:
            services.fire_check(
                equipment=unit,
                by=request.user,
                ok=ok,
                pressure=request.POST.get("pressure", "")[:10],
                note=request.POST.get("note", "")[:500],
                client_id=request.POST.get("client_id") or None,
            )
            messages.success(request, _("Check recorded: %(unit)s.") % {"unit": unit})
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("safety:fire-room", pk=unit.location_id)


class FireRoomCheckView(PermissionRequiredMixin, View):
    permission_required = "safety.check_fireequipment"
    http_method_names = ["post"]

    def post(self, request, pk):
        location = get_object_or_404(Location.objects.for_user(request.user), pk=pk)
        try:
            done = services.fire_check_room(location=location, by=request.user)
            messages.success(
                request,
                _("%(count)d unit(s) checked and in order.") % {"count": len(done)},
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("safety:fire-room", pk=location.pk)


class FireChecksExportView(PermissionRequiredMixin, View):
    permission_required = "safety.view_fireequipment"

    def get(self, request):
        today = timezone.localdate()
        last = query_date(request.GET.get("to"), today)
        first = query_date(request.GET.get("from"), last - datetime.timedelta(days=31))
        from .models import FireCheck

        rows = FireCheck.objects.for_user(request.user).filter(
            checked_at__date__gte=first, checked_at__date__lte=last
        )
        return xlsx_response(**exports.fire_checks_export(rows, school=request.school))


# -- visitors ---------------------------------------------------------------------------------------


class VisitorsView(PermissionRequiredMixin, TemplateView):
    """The gate's page: register a visitor, see who is still on campus today."""

    permission_required = "safety.view_visitor"
    template_name = "safety/visitors.html"
    form_class = VisitorForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        rows = Visitor.objects.for_user(user).filter(time_in__date=today)
        context.update(
            on_campus=rows.filter(time_out__isnull=True).order_by("-time_in"),
            left=rows.filter(time_out__isnull=False).order_by("-time_out")[:30],
            may_register=user.has_perm("safety.add_visitor"),
        )
        context.setdefault("form", VisitorForm())
        return context

    def post(self, request):
        if not request.user.has_perm("safety.add_visitor"):
            raise PermissionDenied
        form = VisitorForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visitor = services.visitor_register(by=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                repeat = services.previous_visits(visitor).count()
                message = _("%(name)s registered.") % {"name": visitor.name}
                if repeat:
                    message += " " + _("Visited %(count)d time(s) before.") % {
                        "count": repeat
                    }
                messages.success(request, message)
                return redirect("safety:visitors")
        return self.render_to_response(self.get_context_data(form=form))


class VisitorOutView(PermissionRequiredMixin, View):
    permission_required = "safety.change_visitor"
    http_method_names = ["post"]

    def post(self, request, pk):
        visitor = get_object_or_404(Visitor.objects.for_user(request.user), pk=pk)
        try:
            services.visitor_out(visitor=visitor, by=request.user)
            messages.success(request, _("%(name)s left.") % {"name": visitor.name})
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("safety:visitors")


class VisitorHistoryView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "safety.view_visitor"
    filterset_class = VisitorFilterSet
    template_name = "safety/visitor_history.html"
    paginate_by = 50

    def get_queryset(self):
        return Visitor.objects.for_user(self.request.user)


class VisitorExportView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "safety.export_visitor"
    filterset_class = VisitorFilterSet

    def get_queryset(self):
        return Visitor.objects.for_user(self.request.user)

    def get(self, request, *args, **kwargs):
        return xlsx_response(
            **exports.visitors_export(self.filtered_queryset(), school=request.school)
        )


# -- documents ---------------------------------------------------------------------------------------


class DocumentsView(PermissionRequiredMixin, TemplateView):
    permission_required = "safety.view_safetydocument"
    template_name = "safety/documents.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        documents = SafetyDocument.objects.for_user(user).annotate(
            current=Max("versions__number")
        )
        read = set(
            ReadConfirmation.objects.for_user(user)
            .filter(person=user)
            .values_list("version__document_id", "version__number")
        )
        for document in documents:
            document.read_current = (document.pk, document.current) in read
        context.update(
            documents=documents,
            contacts=EmergencyContact.objects.for_user(user),
            may_upload=user.has_perm("safety.add_documentversion"),
        )
        context.setdefault("form", DocumentCreateForm())
        return context


class DocumentCreateView(PermissionRequiredMixin, View):
    permission_required = "safety.add_safetydocument"
    http_method_names = ["post"]

    def post(self, request):
        form = DocumentCreateForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("safety:documents")
        data = form.cleaned_data
        document = SafetyDocument.objects.create(
            school_id=request.school_id, kind=data["kind"], title=data["title"]
        )
        try:
            services.document_upload(
                document=document, file=data["file"], by=request.user
            )
        except ValidationError as error:
            document.delete()
            messages.error(request, error_text(error))
            return redirect("safety:documents")
        messages.success(request, _("Document uploaded."))
        return redirect(document)


class DocumentView(PermissionRequiredMixin, DetailView):
    permission_required = "safety.view_safetydocument"
    template_name = "safety/document.html"
    context_object_name = "document"

    def get_queryset(self):
        return SafetyDocument.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        versions = list(
            self.object.versions.select_related(
                "uploaded_by__profile"
            ).prefetch_related(
                Prefetch(
                    "reads",
                    queryset=ReadConfirmation.objects.select_related("person__profile"),
                )
            )
        )
        current = versions[0] if versions else None
        context.update(
            versions=versions,
            current=current,
            read_it=bool(
                current and any(r.person_id == user.pk for r in current.reads.all())
            ),
            may_upload=user.has_perm("safety.add_documentversion"),
            form=DocumentUploadForm(),
        )
        return context


class DocumentUploadView(PermissionRequiredMixin, View):
    permission_required = "safety.add_documentversion"
    http_method_names = ["post"]

    def post(self, request, pk):
        document = get_object_or_404(
            SafetyDocument.objects.for_user(request.user), pk=pk
        )
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.document_upload(
                    document=document,
                    file=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
                messages.success(
                    request, _("Version %(n)d uploaded.") % {"n": version.number}
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(document)


class DocumentReadView(PermissionRequiredMixin, View):
    permission_required = "safety.view_safetydocument"
    http_method_names = ["post"]

    def post(self, request, pk):
        document = get_object_or_404(
            SafetyDocument.objects.for_user(request.user), pk=pk
        )
        version = document.versions.order_by("-number").first()
        if version is None:
            raise Http404
        services.document_read(version=version, by=request.user)
        messages.success(request, _("Thank you: you have read it."))
        return redirect(document)


class ContactsPdfView(PermissionRequiredMixin, View):
    permission_required = "safety.view_safetydocument"

    def get(self, request):
        return pdf_response(
            "safety/print/contacts.html",
            {
                "school": request.school,
                "contacts": EmergencyContact.objects.for_user(request.user),
            },
            _("Emergency contacts") + ".pdf",
            request=request,
        )


# -- weekly report ---------------------------------------------------------------------------------------


class WeeklyReportView(PermissionRequiredMixin, View):
    permission_required = "safety.view_safety_report"

    def get(self, request):
        monday = _monday(
            query_date(
                request.GET.get("week"),
                timezone.localdate() - datetime.timedelta(days=7),
            )
        )
        context = exports.weekly_report_context(request.user, monday)
        context["school"] = request.school
        return pdf_response(
            "safety/print/weekly_report.html",
            context,
            _("Weekly safety report") + f"-{monday:%Y%m%d}.pdf",
            request=request,
        )


class PlaceQRView(PermissionRequiredMixin, View):
    """A route's checkpoints' QR labels: the place's own code (the core's room
    label), so one label on the door serves repairs and patrols."""

    permission_required = "safety.manage_patrols"

    def get(self, request, pk):
        route = get_object_or_404(Route.objects.for_user(request.user), pk=pk)
        labels = [
            {
                "checkpoint": cp,
                "qr": qr_png_data_uri(
                    request.build_absolute_uri(cp.location.get_absolute_url())
                ),
            }
            for cp in route.checkpoints.select_related("location__building")
            if cp.location_id
        ]
        return pdf_response(
            "safety/print/route_labels.html",
            {"school": request.school, "route": route, "labels": labels},
            f"{route.name}.pdf",
            request=request,
        )


def json_data(obj):
    return json.dumps(obj, ensure_ascii=False)
