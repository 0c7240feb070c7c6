"""The warehouse's pages. Views check the permission and scope the object; the
services decide."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from django_filters.views import FilterView

from logistics.approvals.selectors import (
    latest_approval,
    pending_approval,
    stages_with_decisions,
)
from logistics.excel import xlsx_response
from logistics.fields import no_control_characters
from logistics.jobs.exports import BackgroundExportMixin
from logistics.models import School, SchoolClass
from logistics.pdf import pdf_response
from logistics.registry import registry
from logistics.views import (
    DocumentActionView,
    SchoolFilterMixin,
    WorkflowDetailMixin,
    error_text,
)

from . import selectors
from . import services_docs as docs
from .exports import (
    movement_export,
    paper_export,
    requisition_export,
    stock_export,
)
from .filtersets import (
    ItemFilterSet,
    MovementFilterSet,
    PrintJobFilterSet,
    RequisitionFilterSet,
)
from .forms import (
    CountForm,
    CountStartForm,
    PrintJobForm,
    ReceiptForm,
    RequisitionForm,
)
from .models import (
    Distribution,
    Item,
    PrintJob,
    Requisition,
    WarehouseCount,
)
from .workflows import PRINT_KIND, REQUISITION_KIND


def _school(request):
    return request.school or School.objects.get(pk=request.school_id)


# -- catalogue and stock ---------------------------------------------------------------


class ItemListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """The stock list: what is on the shelf and what it is worth."""

    permission_required = "supplies.view_item"
    filterset_class = ItemFilterSet
    template_name = "supplies/item_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.stock_list(self.request.user)


class StockExportView(
    PermissionRequiredMixin, SchoolFilterMixin, BackgroundExportMixin, FilterView
):
    permission_required = "supplies.export_stock"
    filterset_class = ItemFilterSet
    job_kind = "supplies.stock_export"
    job_title = gettext_lazy("Stock on hand")

    def get_queryset(self):
        return selectors.stock_list(self.request.user)

    def export_kwargs(self, queryset):
        return stock_export(queryset, school=_school(self.request))


class ItemDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "supplies.view_item"
    template_name = "supplies/item_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return Item.objects.for_user(self.request.user).select_related(
            "category", "place"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm("supplies.view_stockmovement"):
            context["movements"] = list(
                self.object.movements.select_related("by__profile", "department")[:50]
            )
        return context


class MovementListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """The stock ledger: every movement, newest first."""

    permission_required = "supplies.view_stockmovement"
    filterset_class = MovementFilterSet
    template_name = "supplies/movement_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.movements(self.request.user)


class MovementExportView(
    PermissionRequiredMixin, SchoolFilterMixin, BackgroundExportMixin, FilterView
):
    """The ledger for a period, streamed; a large one in the background."""

    permission_required = "supplies.export_stock"
    filterset_class = MovementFilterSet
    job_kind = "supplies.ledger_export"
    job_title = gettext_lazy("Stock ledger")

    def get_queryset(self):
        return selectors.movements(self.request.user)

    def export_kwargs(self, queryset):
        return movement_export(queryset, school=_school(self.request))


class ReceiptView(PermissionRequiredMixin, FormView):
    """The storekeeper receives goods into the warehouse."""

    permission_required = "supplies.receive_stock"
    template_name = "supplies/receipt_form.html"
    form_class = ReceiptForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            moves = docs.receipt_post(
                by=self.request.user,
                lines=form.cleaned_data["lines"],
                source_label=form.cleaned_data["source_label"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(count)d lines received.") % {"count": len(moves)}
        )
        return redirect("supplies:item-list")


class LowStockView(PermissionRequiredMixin, TemplateView):
    """Items at or below their reorder level; with procurement installed, the
    chosen ones become a purchase request draft in one click."""

    permission_required = "supplies.issue_stock"
    template_name = "supplies/low_stock.html"
    # A page at a time (by code): a warehouse of thousands may have hundreds low.
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = (
            Item.objects.for_user(self.request.user)
            .filter(is_active=True)
            .low()
            .select_related("category")
            .order_by("code")
        )
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        context["rows"] = list(page.object_list)
        context["page_obj"] = page
        context["can_draft"] = (
            registry.service("procurement.draft_purchase") is not None
        )
        return context

    def post(self, request):
        draft = registry.service("procurement.draft_purchase")
        if draft is None:
            messages.error(
                request,
                _("The procurement app is not installed: order these items by hand."),
            )
            return redirect("supplies:low-stock")
        codes = request.POST.getlist("code")[:500]
        rows = registry.service("supplies.low_stock")(user=request.user, codes=codes)
        if not rows:
            messages.error(request, _("Choose at least one item."))
            return redirect("supplies:low-stock")
        try:
            purchase = draft(
                by=request.user,
                title=_("Restocking the warehouse"),
                reason=_("Items at or below their reorder level."),
                lines=[
                    {
                        "item_code": row["code"],
                        "name": row["name"],
                        "specification": row["specification"],
                        "unit": row["unit"],
                        "quantity": row["suggested_quantity"],
                        "estimated_unit_price": row["last_unit_cost"].quantize(
                            Decimal("0.01")
                        ),
                        "kind": "consumable",
                    }
                    for row in rows
                ],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("supplies:low-stock")
        messages.success(request, _("A purchase request draft was made."))
        return redirect(purchase.get_absolute_url())


# -- requisitions ----------------------------------------------------------------------


class RequisitionListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """Staff see their own requisitions; the storekeeper, print room and head all."""

    permission_required = "supplies.view_requisition"
    filterset_class = RequisitionFilterSet
    template_name = "supplies/requisition_list.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            Requisition.objects.visible_to(self.request.user)
            .select_related("requester__profile", "department", "school_class")
            .order_by("-created_at", "-id")
        )


class RequisitionExportView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "supplies.export_stock"
    filterset_class = RequisitionFilterSet

    def get_queryset(self):
        return Requisition.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        return xlsx_response(
            **requisition_export(self.filtered_queryset(), school=_school(request))
        )


class RequisitionCreateView(PermissionRequiredMixin, FormView):
    permission_required = "supplies.add_requisition"
    template_name = "supplies/requisition_form.html"
    form_class = RequisitionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        profile = getattr(self.request.user, "profile", None)
        return {"department": getattr(profile, "department_id", None)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = getattr(self.request.user, "profile", None)
        department = getattr(profile, "department", None)
        if department is not None:
            quota, left = docs.quota_left(department=department)
            context.update(quota=quota, quota_left=left, quota_department=department)
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            requisition = docs.requisition_create(
                by=self.request.user,
                lines=data["lines"],
                purpose=data["purpose"],
                department=data["department"],
                school_class=data["school_class"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Requisition %(number)s sent.") % {"number": requisition.number},
        )
        return redirect(requisition)


class _ApprovalContextMixin:
    approval_kind = ""

    def approval_context(self, context):
        approval = latest_approval(self.approval_kind, self.object)
        if approval is not None:
            context["approval"] = approval
            context["stages"] = stages_with_decisions(approval)
        return context


class RequisitionDetailView(
    PermissionRequiredMixin, _ApprovalContextMixin, WorkflowDetailMixin, DetailView
):
    permission_required = "supplies.view_requisition"
    template_name = "supplies/requisition_detail.html"
    context_object_name = "requisition"
    approval_kind = REQUISITION_KIND

    def get_queryset(self):
        return Requisition.objects.visible_to(self.request.user).select_related(
            "requester__profile", "department", "school_class"
        )

    def action_form_kwargs(self, action):
        if action.name in ("approve", "reject"):
            approval = pending_approval(REQUISITION_KIND, self.object)
            kwargs = {"stage": approval.current_stage if approval else None}
            if action.name == "approve":
                kwargs["requisition"] = self.object
            return kwargs
        if action.name == "issue":
            return {"requisition": self.object}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = list(self.object.lines.select_related("item"))
        return self.approval_context(context)


class RequisitionActionView(DocumentActionView):
    detail_view = RequisitionDetailView


class RequisitionSlipView(PermissionRequiredMixin, View):
    """The requisition slip (领用单) as a PDF."""

    permission_required = "supplies.view_requisition"

    def get(self, request, pk):
        requisition = get_object_or_404(
            Requisition.objects.visible_to(request.user), pk=pk
        )
        context = {"school": _school(request), **requisition.print_context()}
        return pdf_response(
            "supplies/print/requisition_slip.html",
            context,
            f"{_('Requisition slip')}-{requisition.number}.pdf",
            request=request,
        )


# -- start-of-term distribution --------------------------------------------------------


class DistributionListView(PermissionRequiredMixin, ListView):
    permission_required = "supplies.view_distribution"
    template_name = "supplies/distribution_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Distribution.objects.for_user(self.request.user).select_related(
            "created_by__profile"
        )


class DistributionCreateView(PermissionRequiredMixin, TemplateView):
    """Choose items, a quantity per class, see the totals against stock, issue."""

    permission_required = ("supplies.add_distribution", "supplies.issue_stock")
    template_name = "supplies/distribution_form.html"
    MAX_ITEMS = 8

    def chosen_items(self, source):
        ids = [i for i in source.getlist("items") if i.isdigit()][: self.MAX_ITEMS]
        return list(
            Item.objects.for_user(self.request.user)
            .filter(pk__in=ids, is_active=True)
            .order_by("code")
        )

    def classes(self):
        return list(SchoolClass.objects.for_user(self.request.user))

    def read_plan(self, items, classes, data):
        plan, errors = {}, []
        for school_class in classes:
            for item in items:
                raw = (data.get(f"q_{school_class.pk}_{item.pk}") or "").strip()
                if not raw:
                    continue
                try:
                    quantity = Decimal(raw)
                except ArithmeticError:
                    errors.append(_("%(value)s is not a number.") % {"value": raw[:20]})
                    continue
                if quantity < 0:
                    errors.append(_("A quantity cannot be negative."))
                    continue
                plan.setdefault(school_class, {})[item] = quantity
        return plan, errors

    def grid(self, items, classes, plan):
        return [
            (
                school_class,
                [
                    (
                        item,
                        f"q_{school_class.pk}_{item.pk}",
                        plan.get(school_class, {}).get(item, ""),
                    )
                    for item in items
                ],
            )
            for school_class in classes
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "all_items",
            Item.objects.for_user(self.request.user)
            .filter(is_active=True)
            .order_by("code"),
        )
        items = kwargs.get("items")
        if items is None:
            items = self.chosen_items(self.request.GET)
        classes = self.classes()
        plan = kwargs.get("plan", {})
        totals, short = docs.distribution_totals(plan)
        context.update(
            items=items,
            grid=self.grid(items, classes, plan),
            totals=[(item, totals.get(item, 0), item in short) for item in items],
            title=kwargs.get("title", _("Start of term")),
        )
        return context

    def post(self, request):
        items = self.chosen_items(request.POST)
        classes = self.classes()
        plan, errors = self.read_plan(items, classes, request.POST)
        title = (request.POST.get("title") or "").strip()[:100] or _("Start of term")
        try:
            no_control_characters(title)
        except ValidationError as error:
            errors.append(error_text(error))
            title = _("Start of term")
        for error in errors:
            messages.error(request, error)
        if errors or "issue" not in request.POST:
            return self.render_to_response(
                self.get_context_data(items=items, plan=plan, title=title)
            )
        try:
            distribution = docs.distribution_issue(
                by=request.user, title=title, plan=plan
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return self.render_to_response(
                self.get_context_data(items=items, plan=plan, title=title)
            )
        messages.success(request, _("Issued to every class."))
        return redirect(distribution)


class DistributionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "supplies.view_distribution"
    template_name = "supplies/distribution_detail.html"
    context_object_name = "distribution"

    def get_queryset(self):
        return Distribution.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requisitions"] = list(
            self.object.requisitions.select_related("school_class").prefetch_related(
                "lines__item"
            )
        )
        return context


class HandoverListView(PermissionRequiredMixin, View):
    """One class's handover list of a distribution, to be signed (PDF)."""

    permission_required = "supplies.view_distribution"

    def get(self, request, pk, requisition_pk):
        distribution = get_object_or_404(
            Distribution.objects.for_user(request.user), pk=pk
        )
        requisition = get_object_or_404(
            distribution.requisitions.select_related("school_class"), pk=requisition_pk
        )
        context = {
            "school": _school(request),
            "distribution": distribution,
            **requisition.print_context(),
        }
        return pdf_response(
            "supplies/print/handover_list.html",
            context,
            f"{_('Handover list')}-{requisition.school_class}.pdf",
            request=request,
        )


class ClassSuppliesView(PermissionRequiredMixin, DetailView):
    """What a class received this term (and, from the registry, what it holds)."""

    permission_required = "supplies.view_item"
    template_name = "supplies/class_supplies.html"
    context_object_name = "school_class"

    def get_queryset(self):
        return SchoolClass.objects.for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = selectors.term_start()
        context["since"] = since
        context["received"] = docs.received_by_class(
            self.object,
            since=timezone.make_aware(
                datetime.datetime.combine(since, datetime.time())
            ),
        )
        context["related"] = registry.related_for(
            "school_class", self.request.user, self.object.pk
        )
        return context


# -- print jobs ------------------------------------------------------------------------


class PrintJobListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "supplies.view_printjob"
    filterset_class = PrintJobFilterSet
    template_name = "supplies/printjob_list.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            PrintJob.objects.visible_to(self.request.user)
            .select_related("requester__profile", "department")
            .order_by("-created_at", "-id")
        )


class PrintJobCreateView(PermissionRequiredMixin, FormView):
    permission_required = "supplies.add_printjob"
    template_name = "supplies/printjob_form.html"
    form_class = PrintJobForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            job = docs.printjob_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Print job %(number)s sent.") % {"number": job.number}
        )
        return redirect(job)


class PrintJobDetailView(
    PermissionRequiredMixin, _ApprovalContextMixin, WorkflowDetailMixin, DetailView
):
    permission_required = "supplies.view_printjob"
    template_name = "supplies/printjob_detail.html"
    context_object_name = "job"
    approval_kind = PRINT_KIND

    def get_queryset(self):
        return PrintJob.objects.visible_to(self.request.user).select_related(
            "requester__profile", "department", "movement"
        )

    def action_form_kwargs(self, action):
        if action.name in ("approve", "reject"):
            approval = pending_approval(PRINT_KIND, self.object)
            return {"stage": approval.current_stage if approval else None}
        return {}

    def get_context_data(self, **kwargs):
        return self.approval_context(super().get_context_data(**kwargs))


class PrintJobActionView(DocumentActionView):
    detail_view = PrintJobDetailView


def month_names():
    return [str(n) for n in range(1, 13)]


class PaperUseView(PermissionRequiredMixin, TemplateView):
    """Paper use by department and month against the same month last year."""

    permission_required = "supplies.view_all_printjob"
    template_name = "supplies/paper_use.html"
    export = False

    def year(self):
        raw = self.request.GET.get("year", "")
        this_year = timezone.localdate().year
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else this_year

    def table(self, year):
        use = selectors.paper_use(self.request.user, year)
        rows = []
        for department in sorted(use):
            for month in range(1, 13):
                now_, before = (
                    use[department].get((year, month), 0),
                    use[department].get((year - 1, month), 0),
                )
                if now_ or before:
                    rows.append((department or _("(none)"), month, now_, before))
        totals = [
            (
                month,
                sum(r[2] for r in rows if r[1] == month),
                sum(r[3] for r in rows if r[1] == month),
            )
            for month in range(1, 13)
        ]
        return rows, totals

    def get(self, request, *args, **kwargs):
        year = self.year()
        rows, totals = self.table(year)
        if self.export:
            return xlsx_response(
                **paper_export(rows, school=_school(request), year=year)
            )
        chart = {
            "labels": month_names(),
            "this_year": [t[1] for t in totals],
            "last_year": [t[2] for t in totals],
            "this_label": str(year),
            "last_label": str(year - 1),
        }
        return self.render_to_response(
            self.get_context_data(year=year, rows=rows, totals=totals, chart=chart)
        )


# -- warehouse counts ------------------------------------------------------------------


class CountListView(PermissionRequiredMixin, ListView):
    permission_required = "supplies.view_warehousecount"
    template_name = "supplies/count_list.html"
    paginate_by = 30

    def get_queryset(self):
        return WarehouseCount.objects.for_user(self.request.user).select_related(
            "place", "created_by__profile"
        )


class CountCreateView(PermissionRequiredMixin, FormView):
    permission_required = "supplies.run_warehouse_stocktake"
    template_name = "supplies/count_form.html"
    form_class = CountStartForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        count = docs.count_start(by=self.request.user, **form.cleaned_data)
        return redirect(count)


class CountDetailView(PermissionRequiredMixin, DetailView):
    """Counts typed on a phone; the differences and their value; post in one step."""

    permission_required = "supplies.view_warehousecount"
    template_name = "supplies/count_detail.html"
    context_object_name = "count"

    def get_queryset(self):
        return WarehouseCount.objects.for_user(self.request.user).select_related(
            "place"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(self.object.lines.select_related("item"))
        differences = []
        for line in lines:
            if line.counted is not None and line.counted != line.expected:
                diff = line.counted - line.expected
                differences.append(
                    (
                        line,
                        diff,
                        (diff * line.item.average_cost).quantize(Decimal("0.01")),
                    )
                )
        context.update(
            lines=lines,
            differences=differences,
            difference_value=sum((d[2] for d in differences), Decimal("0")),
            form=kwargs.get("form")
            or (
                CountForm(count=self.object)
                if self.request.user.has_perm("supplies.run_warehouse_stocktake")
                and self.object.posted_at is None
                else None
            ),
        )
        return context

    def post(self, request, pk):
        if not request.user.has_perm("supplies.run_warehouse_stocktake"):
            return self.handle_no_permission()
        self.object = count = self.get_object()
        if "post" in request.POST:
            try:
                posted = docs.count_post(count=count, by=request.user)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("%(count)d corrections posted to the ledger.")
                    % {"count": posted},
                )
            return redirect(count)
        form = CountForm(request.POST, count=count)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            docs.count_record(count=count, by=request.user, counted=form.counted())
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Counts saved."))
        return redirect(count)


class CountSheetView(PermissionRequiredMixin, View):
    """The count sheet (PDF) of a count: items of its storage place, blanks to fill."""

    permission_required = "supplies.view_warehousecount"

    def get(self, request, pk):
        count = get_object_or_404(WarehouseCount.objects.for_user(request.user), pk=pk)
        context = {
            "school": _school(request),
            "count": count,
            "lines": list(count.lines.select_related("item", "item__place")),
        }
        return pdf_response(
            "supplies/print/count_sheet.html",
            context,
            f"{_('Count sheet')}-{count.pk}.pdf",
            request=request,
        )
