from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from django_filters.views import FilterView

from logistics.approvals.selectors import pending_approval
from logistics.excel import xlsx_response
from logistics.jobs.exports import BackgroundExportMixin
from logistics.models import School
from logistics.pdf import pdf_response
from logistics.registry import may_open
from logistics.views import (
    DocumentActionView,
    SchoolFilterMixin,
    WorkflowDetailMixin,
    error_text,
)

from . import selectors, services
from .choices import EDITABLE
from .conf import procurement_rule
from .exports import budget_export, ledger_export
from .filtersets import PurchaseFilterSet
from .forms import (
    AdjustmentForm,
    BudgetLineForm,
    FiscalYearForm,
    LineFormSet,
    PurchaseForm,
    SupplierForm,
)
from .models import BudgetLine, FiscalYear, PurchaseRequest, Supplier
from .workflows import APPROVAL_KIND

# -- lists -------------------------------------------------------------------------


class MyPurchasesView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "procurement.add_purchaserequest"
    filterset_class = PurchaseFilterSet
    template_name = "procurement/my_purchases.html"
    paginate_by = 30

    def get_queryset(self):
        return (
            PurchaseRequest.objects.for_user(self.request.user)
            .filter(requester=self.request.user)
            .select_related("budget_line", "requester__profile")
        )


class PurchaseListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """The school's purchases, as far as the user sees them (the storekeeper: what
    was approved, to order and accept)."""

    permission_required = selectors.LIST_PERMISSIONS
    filterset_class = PurchaseFilterSet
    template_name = "procurement/purchase_list.html"
    paginate_by = 50

    def has_permission(self):
        return may_open(self.request.user, self.permission_required)

    def get_queryset(self):
        return selectors.purchases_visible_to(self.request.user).select_related(
            "budget_line", "requester__profile", "supplier"
        )


# -- drafts ------------------------------------------------------------------------


class PurchaseFormMixin:
    template_name = "procurement/purchase_form.html"
    purchase = None

    def forms(self, data=None):
        user = self.request.user
        initial, lines = {}, None
        if self.purchase is not None:
            p = self.purchase
            initial = {
                "title": p.title,
                "reason": p.reason,
                "budget_line": p.budget_line_id,
                "wanted_by": p.wanted_by,
            }
            lines = [
                {
                    "name": line.name,
                    "specification": line.specification,
                    "quantity": line.quantity.normalize(),
                    "unit": line.unit,
                    "estimated_unit_price": line.estimated_unit_price,
                    "kind": line.kind,
                    "item_code": line.item_code,
                }
                for line in p.lines.all()
            ]
        form = PurchaseForm(data, user=user, initial=initial)
        formset = LineFormSet(data, prefix="lines", initial=lines, form_kwargs={})
        if lines:
            formset.extra = 0
        return form, formset

    def render(self, form, formset):
        return self.render_to_response(
            {"form": form, "formset": formset, "purchase": self.purchase}
        )

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset)
        try:
            purchase = self.save(form.cleaned_data, formset.lines())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.render(form, formset)
        if not request.POST.get("submit"):
            messages.success(request, _("Draft saved."))
            return redirect(purchase)
        try:
            services.purchase_submit(purchase=purchase, by=request.user)
        except ValidationError as error:
            # The draft is kept; the page says what stops it.
            messages.warning(request, _("Draft saved."))
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Submitted: it waits for approval."))
        return redirect(purchase)


class PurchaseCreateView(PermissionRequiredMixin, PurchaseFormMixin, TemplateView):
    permission_required = "procurement.add_purchaserequest"

    def save(self, data, lines):
        return services.purchase_create(by=self.request.user, lines=lines, **data)


class PurchaseEditView(PermissionRequiredMixin, PurchaseFormMixin, TemplateView):
    permission_required = "procurement.add_purchaserequest"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.purchase = get_object_or_404(
                PurchaseRequest.objects.for_user(request.user).filter(
                    requester=request.user
                ),
                pk=kwargs["pk"],
            )
            if self.purchase.status not in EDITABLE:
                messages.error(
                    request,
                    _(
                        "An approved or submitted request cannot be edited: a "
                        "change is a new request."
                    ),
                )
                return redirect(self.purchase)
        return super().dispatch(request, *args, **kwargs)

    def save(self, data, lines):
        return services.purchase_update(
            purchase=self.purchase, by=self.request.user, lines=lines, **data
        )


# -- one request -------------------------------------------------------------------


class PurchaseDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    permission_required = "procurement.add_purchaserequest"
    template_name = "procurement/purchase_detail.html"
    context_object_name = "purchase"

    def get_queryset(self):
        return selectors.purchases_visible_to(self.request.user).select_related(
            "budget_line__fiscal_year",
            "budget_line__department",
            "requester__profile",
            "supplier",
            "override_by__profile",
            "paid_by__profile",
        )

    def action_form_kwargs(self, action):
        purchase = self.object
        if action.name in {"approve", "reject"}:
            approval = pending_approval(APPROVAL_KIND, purchase)
            return {"stage": approval.current_stage if approval else None}
        if action.name in {"accept", "order"}:
            return {"purchase": purchase, "user": self.request.user}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        purchase = self.object
        line = None
        if purchase.budget_line_id:
            line = BudgetLine.objects.with_figures().get(pk=purchase.budget_line_id)
        context.update(
            lines=list(purchase.lines.all()),
            attachments=list(
                purchase.attachments.select_related("uploaded_by__profile")
            ),
            acceptances=list(
                purchase.acceptances.select_related(
                    "accepted_by__profile", "witness__profile"
                )
            ),
            versions=list(purchase.versions.select_related("by__profile")),
            approvals=selectors.approval_rows(purchase),
            budget=line,
            over_budget=selectors.over_budget_by(purchase),
            can_edit=purchase.status in EDITABLE
            and purchase.requester_id == self.request.user.pk,
        )
        return context


class PurchaseActionView(DocumentActionView):
    detail_view = PurchaseDetailView


class PurchaseFormPDFView(PermissionRequiredMixin, View):
    """The purchase approval form (采购申请审批表) as a PDF."""

    permission_required = "procurement.add_purchaserequest"

    def get(self, request, pk):
        purchase = get_object_or_404(
            selectors.purchases_visible_to(request.user).select_related(
                "budget_line__fiscal_year",
                "budget_line__department",
                "requester__profile",
                "supplier",
                "override_by__profile",
            ),
            pk=pk,
        )
        context = {
            "school": School.objects.get(pk=purchase.school_id),
            "purchase": purchase,
            "lines": list(purchase.lines.all()),
            "attachments": list(purchase.attachments.all()),
            "approvals": selectors.approval_rows(purchase),
            "acceptances": list(
                purchase.acceptances.select_related(
                    "accepted_by__profile", "witness__profile"
                )
            ),
            "timeline": purchase.timeline(),
        }
        return pdf_response(
            "procurement/print/purchase_form.html",
            context,
            f"{_('Purchase approval form')}-{purchase.number}.pdf",
            request=request,
        )


class LedgerExportView(
    PermissionRequiredMixin, SchoolFilterMixin, BackgroundExportMixin, FilterView
):
    """The procurement ledger (.xlsx): one row per line, with the list's filters."""

    permission_required = "procurement.export_purchaserequest"
    filterset_class = PurchaseFilterSet
    job_kind = "procurement.ledger_export"
    job_title = _("Procurement ledger")

    def get_queryset(self):
        return selectors.purchases_visible_to(self.request.user)

    def export_kwargs(self, queryset):
        return ledger_export(
            queryset, school=self.request.school, school_id=self.request.school_id
        )


# -- budget ------------------------------------------------------------------------


def _year(request):
    years = FiscalYear.objects.for_user(request.user)
    chosen = request.GET.get("year", "")
    if chosen.isdigit():
        return years.filter(year=int(chosen)).first(), years
    return years.filter(is_closed=False).order_by(
        "-year"
    ).first() or years.first(), years


class BudgetView(PermissionRequiredMixin, TemplateView):
    permission_required = "procurement.view_budget_report"
    template_name = "procurement/budget.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, years = _year(self.request)
        lines = list(selectors.budget_lines(self.request.user, year)) if year else []
        percent = procurement_rule(self.request.school_id, "NEAR_LIMIT_PERCENT")
        near = {line.pk for line in selectors.near_limit(lines, percent)}
        for line in lines:
            line.near = line.pk in near
        if self.request.GET.get("near"):
            lines = [line for line in lines if line.near]
        context.update(
            year=year,
            years=years,
            lines=lines,
            departments=selectors.by_department(lines),
            percent=percent,
            year_form=FiscalYearForm(user=self.request.user),
            line_form=BudgetLineForm(user=self.request.user),
            can_manage=self.request.user.has_perm("procurement.manage_budget"),
        )
        return context


class BudgetExportView(PermissionRequiredMixin, View):
    permission_required = "procurement.view_budget_report"

    def get(self, request):
        year, _years = _year(request)
        lines = list(selectors.budget_lines(request.user, year)) if year else []
        return xlsx_response(**budget_export(lines, year=year, school=request.school))


class BudgetLineView(PermissionRequiredMixin, DetailView):
    permission_required = "procurement.view_budget_report"
    template_name = "procurement/budget_line.html"
    context_object_name = "line"

    def get_queryset(self):
        return selectors.budget_lines(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = self.object
        context.update(
            adjustments=line.adjustments.select_related("by__profile"),
            requests=line.requests.select_related("requester__profile").order_by(
                "-created_at"
            )[:200],
            adjust_form=AdjustmentForm(),
            can_manage=self.request.user.has_perm("procurement.manage_budget"),
        )
        return context


class BudgetPostView(PermissionRequiredMixin, View):
    permission_required = "procurement.manage_budget"
    http_method_names = ["post"]

    def done(self, url, call):
        try:
            result = call()
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return redirect(url)
        messages.success(self.request, _("Saved."))
        return redirect(getattr(result, "get_absolute_url", lambda: url)())


class FiscalYearCreateView(BudgetPostView):
    def post(self, request):
        form = FiscalYearForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(
                request, error_text(ValidationError(list(form.errors.values())))
            )
            return redirect("procurement:budget")
        data = form.cleaned_data
        return self.done(
            f"{_url('procurement:budget')}?year={data['year']}",
            lambda: services.fiscal_year_create(by=request.user, **data),
        )


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


class BudgetLineCreateView(BudgetPostView):
    def post(self, request):
        year, _years = _year(request)
        fiscal_year = (
            get_object_or_404(
                FiscalYear.objects.for_user(request.user),
                pk=request.POST.get("fiscal_year") or 0,
            )
            if (request.POST.get("fiscal_year") or "").isdigit()
            else year
        )
        if fiscal_year is None:
            messages.error(request, _("Create the budget year first."))
            return redirect("procurement:budget")
        form = BudgetLineForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("procurement:budget")
        return self.done(
            _url("procurement:budget"),
            lambda: services.budget_line_create(
                by=request.user, fiscal_year=fiscal_year, **form.cleaned_data
            ),
        )


class BudgetAdjustView(BudgetPostView):
    def post(self, request, pk):
        line = get_object_or_404(BudgetLine.objects.for_user(request.user), pk=pk)
        form = AdjustmentForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(line)
        self.done(
            line.get_absolute_url(),
            lambda: services.budget_adjust(
                by=request.user, budget_line=line, **form.cleaned_data
            ),
        )
        return redirect(line)


# -- suppliers ---------------------------------------------------------------------


class SupplierListView(PermissionRequiredMixin, TemplateView):
    permission_required = "procurement.view_supplier"
    template_name = "procurement/suppliers.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        suppliers = Supplier.objects.for_user(self.request.user).annotate(
            bought=Sum("requests__actual_total")
        )
        context.update(
            suppliers=suppliers,
            form=SupplierForm(),
            can_add=self.request.user.has_perm("procurement.add_supplier"),
        )
        return context


class SupplierCreateView(PermissionRequiredMixin, View):
    permission_required = "procurement.add_supplier"
    http_method_names = ["post"]

    def post(self, request):
        form = SupplierForm(request.POST)
        if form.is_valid():
            try:
                services.supplier_save(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("Supplier added."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("procurement:suppliers")
