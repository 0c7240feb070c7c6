import datetime
import logging
import tempfile
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.edit import CreateView, UpdateView

from django_filters.views import FilterView

from logistics.approvals.selectors import (
    latest_approval,
    pending_approval,
    stages_with_decisions,
)
from logistics.excel import Column, export_filename, write_xlsx
from logistics.jobs.documents import background_pdf_rows
from logistics.jobs.exports import BackgroundExportMixin, view_as_owner
from logistics.jobs.services import JobFile
from logistics.jobs.views import in_background
from logistics.labels import qr_png_data_uri
from logistics.listing import (
    REFERENCE,
    UNREAD,
    CachedContentMixin,
    Labelled,
    cached_figures,
    load_choices,
)
from logistics.models import Location, class_label
from logistics.pdf import pdf_response, render_pdf
from logistics.registry import registry
from logistics.views import (
    DocumentActionView,
    SchoolFilterMixin,
    WorkflowActionView,
    WorkflowDetailMixin,
    error_text,
)

from . import (
    depreciation,
    exports,
    import_template,
    importing,
    posting,
    selectors,
    services,
)
from .choices import (
    LABEL_SHEETS,
    CountResult,
    LabelLayout,
    StocktakeStatus,
)
from .conf import assets_rule
from .filtersets import AssetFilterSet, DisposalFilterSet, StocktakeFilterSet
from .forms import (
    AssetForm,
    CategoryForm,
    CloseMonthForm,
    DepreciationForm,
    ExtraForm,
    ImportForm,
    LedgerOpenForm,
    MarkForm,
    RoomTransferForm,
    ScanForm,
    StocktakeForm,
    TransferForm,
)
from .models import (
    Asset,
    Category,
    DepreciationMonth,
    Disposal,
    Stocktake,
    StocktakeLine,
)
from .resources import AssetResource
from .workflows import APPROVAL_KIND

MAX_LABELS = 2000
# Lines of a stocktake's differences shown on its page; the reports have them all.
DETAIL_LINES = 100
logger = logging.getLogger(__name__)


# -- the ledger ---------------------------------------------------------------------


# How the ledger's filter drop-downs read (``load_choices``: one query for all).
LEDGER_FILTER_LABELS = {
    # The parent too: the filter takes the branch below the chosen one from it.
    "category_id": Labelled(
        ("code", "name", "parent_id"), lambda code, name, _parent: f"{code} {name}"
    ),
    "building_id": Labelled(("name",), str),
    "department_id": Labelled(("name",), str),
    "custodian_id": Labelled(
        ("profile__real_name", "username"), lambda name, login: name or login
    ),
    "class_id": Labelled(("grade", "number"), class_label),
}


class AssetListView(
    CachedContentMixin, PermissionRequiredMixin, SchoolFilterMixin, FilterView
):
    """The ledger: a page of assets, and the count and totals of all that the
    filters select, from one aggregate query (the paginator's count included);
    the whole content cached until a card, or a place, person or category it
    names, changes (logistics/listing.py)."""

    permission_required = "assets.view_asset"
    content_kinds = ("assets", REFERENCE)
    filterset_class = AssetFilterSet
    template_name = "assets/asset_list.html"

    def get_paginate_by(self, queryset):
        return assets_rule(self.request.school_id, "LIST_PAGE_SIZE")

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        tokens = getattr(self, "content_tokens", None)  # read for the content's key
        load_choices(
            filterset.form,
            LEDGER_FILTER_LABELS,
            version=None if tokens else ("assets", self.request.school_id),
        )
        self.list_version = (
            tokens["assets"]
            if tokens
            else getattr(filterset.form, "list_version", UNREAD)
        )
        return filterset

    def paginate_queryset(self, queryset, page_size):
        # Cached until a card of the school changes (logistics/listing.py).
        self.totals = cached_figures(
            queryset,
            lambda: selectors.ledger_totals(queryset),
            kind="assets",
            school_id=self.request.school_id,
            token=self.list_version,
            also=selectors.BOOK_VALUE_TABLES,
        )
        return super().paginate_queryset(queryset, page_size)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.totals["count"]  # counted with the totals
        return paginator

    def get_queryset(self):
        # One day for the whole page, also across midnight.
        self.as_of = timezone.localdate()
        return (
            Asset.objects.visible_to(self.request.user)
            .select_related(
                "category", "location__building", "department", "custodian__profile"
            )
            .annotate(
                posted=depreciation.posted_expression(
                    depreciation.month_index(self.as_of)
                )
            )
            .order_by("number")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's book values in Python, from this month's posted figures read
        # with the rows (the totals above are summed in SQL).
        rows = context["object_list"]
        depreciation.book_values(
            rows,
            self.as_of,
            posted={a.pk: a.posted for a in rows if a.posted is not None},
        )
        context["totals"] = self.totals
        context["active_filters"] = active_filters(self.request, context["filter"])
        context["label_layouts"] = LabelLayout.choices
        return context


def active_filters(request, filterset):
    """How many of the list's filters the request fills in (the page number aside)."""
    return sum(
        1
        for name in filterset.form.fields
        if any(value.strip() for value in request.GET.getlist(name))
    )


class AssetExportView(
    PermissionRequiredMixin, SchoolFilterMixin, BackgroundExportMixin, FilterView
):
    """The ledger as .xlsx with the page's filters, a title row and a totals row;
    a large one is prepared in the background (logistics/jobs/exports.py)."""

    permission_required = "assets.export_asset"
    filterset_class = AssetFilterSet
    job_kind = "assets.ledger_export"
    job_title = _("Asset ledger")

    def get_queryset(self):
        return Asset.objects.visible_to(self.request.user)

    def export_kwargs(self, queryset):
        return exports.ledger_export(queryset, school=self.request.school)


class AssetDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    permission_required = "assets.view_asset"
    template_name = "assets/asset_detail.html"

    def get_queryset(self):
        return Asset.objects.visible_to(self.request.user).select_related(
            "category",
            "location__building",
            "department",
            "custodian__profile",
            "responsible_class",
        )

    def action_form_kwargs(self, action):
        if action.name == "transfer":
            return {"school_id": self.object.school_id}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = self.object
        today = timezone.localdate()
        context.update(
            book=depreciation.book_value(asset, today),
            yearly=depreciation.yearly_table(asset, today),
            adjustments=asset.adjustments.order_by("month", "pk"),
            transfers=asset.transfers.select_related(
                "from_location",
                "to_location",
                "from_department",
                "to_department",
                "from_custodian__profile",
                "to_custodian__profile",
                "by__profile",
            ).order_by("-moved_on", "-id"),
            disposals=asset.disposals.order_by("-proposed_at"),
            history=history_rows(asset),
            repairs=selectors.asset_repairs(self.request.user, asset),
            report_url=report_url(asset),
        )
        return context


def report_url(asset):
    """The "report a fault" page for this asset, from the repairs app through the
    core registry ("repairs.report_url"); empty when repairs is not installed."""
    find = registry.service("repairs.report_url")
    if find is None:
        return ""
    return find(
        location_code=asset.location.code if asset.location_id else "",
        asset_number=asset.number,
    )


def history_rows(asset, limit=30):
    """Each saved version of the card with the fields it changed."""
    records = list(asset.history.select_related("history_user__profile")[: limit + 1])
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = Asset._meta.get_field(change.field)
                changes.append(
                    (
                        field.verbose_name,
                        display(field, change.old),
                        display(field, change.new),
                    )
                )
        rows.append({"record": newer, "changes": changes})
    return rows[:limit]


def display(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()  # as everywhere on the page: 2024-09-01
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else value
    return value


class AssetFormMixin:
    model = Asset
    form_class = AssetForm
    template_name = "assets/asset_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["school_id"] = self.request.school_id
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["asset_class"] = data.get("asset_class") or None
        try:
            self.object = self.save(data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(asset)s.") % {"asset": self.object})
        return redirect(self.object.get_absolute_url())


class AssetCreateView(PermissionRequiredMixin, AssetFormMixin, CreateView):
    permission_required = "assets.add_asset"

    def save(self, data):
        if not data.get("photo"):
            data.pop("photo", None)
        return services.asset_create(
            school=self.request.school, by=self.request.user, **data
        )


class AssetUpdateView(PermissionRequiredMixin, AssetFormMixin, UpdateView):
    permission_required = "assets.change_asset"

    def get_queryset(self):
        return Asset.objects.for_user(self.request.user)

    def save(self, data):
        if data.get("photo") is None:
            data.pop("photo", None)
        elif data.get("photo") is False:
            data["photo"] = ""
        if self.get_form().fields["status"].disabled:
            data.pop("status", None)
        asset_class = data.pop("asset_class") or self.object.asset_class
        return services.asset_update(
            asset=self.object, by=self.request.user, asset_class=asset_class, **data
        )


class AssetCardPdfView(PermissionRequiredMixin, View):
    permission_required = "assets.view_asset"

    def get(self, request, pk):
        asset = get_object_or_404(
            Asset.objects.visible_to(request.user).select_related(
                "school",
                "category",
                "location__building",
                "department",
                "custodian__profile",
            ),
            pk=pk,
        )
        context = asset.print_context()
        context["qr"] = qr_png_data_uri(
            request.build_absolute_uri(asset.get_absolute_url())
        )
        context["history"] = history_rows(asset, limit=15)
        return pdf_response(
            "assets/print/asset_card.html",
            context,
            f"{asset.number}.pdf",
            request=request,
        )


class LabelsView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """A PDF sheet of labels with QR codes for the filtered list (or chosen ids)."""

    permission_required = "assets.change_asset"
    filterset_class = AssetFilterSet

    def get_queryset(self):
        return Asset.objects.for_user(self.request.user)

    def chosen(self):
        """The assets to label: the chosen ids, else the list's filtered rows."""
        ids = [int(i) for i in self.request.GET.getlist("ids") if i.isdigit()]
        if ids:
            return self.get_queryset().filter(pk__in=ids)
        return self.filtered_queryset()

    def layout(self):
        layout = self.request.GET.get("layout") or LabelLayout.A4_3X8
        return layout if layout in LABEL_SHEETS else LabelLayout.A4_3X8

    def sheet_context(self, absolute):
        """The sheet's pages; ``absolute(path)`` gives the address a QR code holds."""
        layout = self.layout()
        sheet = LABEL_SHEETS[layout]
        assets = list(
            self.chosen()
            .select_related("location__building")
            .order_by("number")[:MAX_LABELS]
        )
        school = self.request.school.name
        labels = []
        for asset in assets:
            fault = report_url(asset) if sheet.parts.fault else ""
            acquired = asset.acquired_on.isoformat() if asset.acquired_on else ""
            labels.append(
                {
                    "code": absolute(asset.get_absolute_url()),
                    "fault": absolute(fault) if fault else "",
                    "lines": [
                        asset.number,
                        asset.name,
                        str(asset.location or ""),
                        f"{school} {acquired}".strip(),
                    ],
                }
            )
        return {
            "school": self.request.school,
            "pages": sheet.pages(labels, hint=str(_("Report a fault"))),
            "sheet": sheet,
            "layout": layout.replace("x", "-"),
        }

    def get(self, request, *args, **kwargs):
        count = self.chosen()[:MAX_LABELS].count()
        if count > labels_in_background():
            return in_background(
                request,
                kind="assets.labels",
                title=str(_("Asset labels")),
                params={
                    "query": request.GET.urlencode(),
                    "site": request.build_absolute_uri("/"),
                },
                total=count,
            )
        return pdf_response(
            "assets/print/labels.html",
            self.sheet_context(request.build_absolute_uri),
            labels_filename(),
            request=request,
        )


def labels_filename():
    return export_filename(_("Asset labels")).replace(".xlsx", ".pdf")


def labels_in_background():
    """More labels than this (ten pages of the usual sheet) are printed by the
    background worker rather than in the request."""
    return settings.LOGISTICS.get("BACKGROUND_LABELS", 240)


def label_sheet_job(*, job, progress):
    """A large label sheet, made by the worker for the person who asked, with the
    list's filters and QR codes that point at the site they asked from."""
    view = view_as_owner(LabelsView, job)
    site = job.params.get("site", "/").rstrip("/")
    context = view.sheet_context(lambda path: site + path)
    progress(0, job.total)
    pdf = render_pdf(
        "assets/print/labels.html",
        context,
        seconds=settings.LOGISTICS.get("BACKGROUND_PDF_SECONDS", 600),
    )
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as out:
        out.write(pdf)
    return JobFile(name=labels_filename(), path=out.name)


# -- transfers ---------------------------------------------------------------------


class AssetTransferView(PermissionRequiredMixin, FormView):
    permission_required = "assets.transfer_asset"
    form_class = TransferForm
    template_name = "assets/transfer_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.asset = get_object_or_404(
                Asset.objects.for_user(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school_id": self.request.school_id}

    def get_context_data(self, **kwargs):
        return super().get_context_data(asset=self.asset, **kwargs)

    def form_valid(self, form):
        try:
            services.asset_transfer(
                asset=self.asset, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Transfer recorded."))
        return redirect(self.asset.get_absolute_url())


class RoomTransferView(PermissionRequiredMixin, FormView):
    permission_required = "assets.transfer_asset"
    form_class = RoomTransferForm
    template_name = "assets/transfer_form.html"

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "school_id": self.request.school_id}
        if self.request.method == "GET" and self.request.GET.get("from"):
            kwargs["initial"] = {"from_location": self.request.GET["from"]}
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            moved = services.assets_transfer_room(
                from_location=data.pop("from_location"),
                to_location=data.pop("location"),
                by=self.request.user,
                **data,
            )
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)d assets transferred to %(room)s.")
            % {"count": len(moved), "room": moved[0].to_location},
        )
        return redirect(
            reverse("assets:list") + f"?location={moved[0].to_location.code}"
        )


# -- disposals -----------------------------------------------------------------------


class AssetActionView(DocumentActionView):
    """The declared actions on an asset card (workflows.py): proposing its disposal.
    The transfer has a page of its own (AssetTransferView) for the same action."""

    detail_view = AssetDetailView


class DisposalListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "assets.view_disposal"
    filterset_class = DisposalFilterSet
    template_name = "assets/disposal_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Disposal.objects.for_user(self.request.user).select_related(
            "asset", "proposed_by__profile", "decided_by__profile"
        )


class DisposalDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    permission_required = "assets.view_disposal"
    template_name = "assets/disposal_detail.html"

    def get_queryset(self):
        return Disposal.objects.for_user(self.request.user).select_related(
            "asset__category", "proposed_by__profile", "decided_by__profile"
        )

    def action_form_kwargs(self, action):
        if action.name == "complete":
            return {"initial": {"disposed_on": timezone.localdate()}}
        if action.name in {"approve", "reject"}:
            # A collective step's form asks for the meeting's date and minutes.
            approval = pending_approval(APPROVAL_KIND, self.object)
            return {"stage": approval.current_stage if approval else None}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        approval = latest_approval(APPROVAL_KIND, self.object)
        if approval is not None:
            context["approval"] = approval
            context["stages"] = stages_with_decisions(approval)
        return context


class DisposalActionView(DocumentActionView):
    """Every declared action on a disposal (workflows.py)."""

    detail_view = DisposalDetailView


# -- stocktakes ----------------------------------------------------------------------


class StocktakeListView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "assets.view_stocktake"
    filterset_class = StocktakeFilterSet
    template_name = "assets/stocktake_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Stocktake.objects.for_user(self.request.user).select_related(
            "campus", "building", "department", "opened_by__profile"
        )


class StocktakeCreateView(PermissionRequiredMixin, FormView):
    permission_required = "assets.run_stocktake"
    form_class = StocktakeForm
    template_name = "assets/stocktake_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school_id": self.request.school_id}

    def form_valid(self, form):
        try:
            stocktake = services.stocktake_open(
                school=self.request.school,
                by=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        return redirect(stocktake.get_absolute_url())


def result_counts(stocktake):
    counts = dict(
        stocktake.lines.order_by()
        .values_list("result")
        .annotate(n=Count("pk"))
        .values_list("result", "n")
    )
    return [
        (value, label, counts.get(value, 0)) for value, label in CountResult.choices
    ]


class StocktakeDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    permission_required = "assets.view_stocktake"
    template_name = "assets/stocktake_detail.html"

    def get_queryset(self):
        return Stocktake.objects.for_user(self.request.user).select_related(
            "campus", "building", "department", "opened_by__profile"
        )

    def get_context_data(self, **kwargs):
        stocktake = self.object
        rooms = (
            stocktake.lines.order_by()
            .values(
                "expected_location",
                "expected_location__code",
                "expected_location__name",
                "expected_location__building__name",
            )
            .annotate(
                total=Count("pk"),
                pending=Count("pk", filter=Q(result=CountResult.PENDING)),
            )
            .order_by("expected_location__code")
        )
        # While counting most lines are still pending: the differences found so far
        # come first, the long uncounted list is folded and cut short.
        lines = exports.discrepancy_lines(stocktake)
        found_differences = lines.exclude(result=CountResult.PENDING)
        uncounted = lines.filter(result=CountResult.PENDING)
        return super().get_context_data(
            rooms=rooms,
            counts=result_counts(stocktake),
            extras=stocktake.extras.select_related("location"),
            discrepancies=found_differences[:DETAIL_LINES],
            discrepancy_total=found_differences.count(),
            uncounted=uncounted[:DETAIL_LINES],
            uncounted_total=uncounted.count(),
            detail_lines=DETAIL_LINES,
            **kwargs,
        )


class StocktakeRoomView(PermissionRequiredMixin, TemplateView):
    """Counting one room on a phone: every expected asset with buttons, and a scan box."""

    permission_required = "assets.run_stocktake"
    template_name = "assets/stocktake_room.html"

    def get_context_data(self, **kwargs):
        stocktake = get_object_or_404(
            Stocktake.objects.for_user(self.request.user), pk=kwargs.pop("pk")
        )
        location = get_object_or_404(
            Location.objects.for_user(self.request.user), pk=kwargs.pop("location")
        )
        lines = (
            stocktake.lines.filter(expected_location=location)
            .select_related("asset", "found_location")
            .order_by("asset__number")
        )
        found_here = (
            stocktake.lines.filter(found_location=location)
            .exclude(expected_location=location)
            .select_related("asset", "expected_location")
        )
        return super().get_context_data(
            stocktake=stocktake,
            location=location,
            lines=lines,
            found_here=found_here,
            extras=stocktake.extras.filter(location=location),
            results=[c for c in CountResult.choices if c[0] != CountResult.PENDING],
            scan_form=ScanForm(),
            extra_form=ExtraForm(),
            mark_form=MarkForm(school_id=self.request.school_id),
            active=stocktake.status != StocktakeStatus.CLOSED,
            **kwargs,
        )


class StocktakeActionView(DocumentActionView):
    """Every declared action on a stocktake (workflows.py)."""

    detail_view = StocktakeDetailView


class StocktakeMarkView(WorkflowActionView):
    permission_required = "assets.run_stocktake"
    model = StocktakeLine

    def get_form_kwargs(self):
        return {"data": self.request.POST, "school_id": self.request.school_id}

    form_class = MarkForm

    def act(self, line, data):
        services.stocktake_mark(line=line, by=self.request.user, **data)

    def get_success_url(self):
        location = self.object.expected_location_id
        if location is None:
            return self.object.stocktake.get_absolute_url()
        return reverse(
            "assets:stocktake-room", args=[self.object.stocktake_id, location]
        )


class StocktakeRoomActionView(WorkflowActionView):
    """Actions inside one room of a stocktake (scan a label, record an extra item)."""

    permission_required = "assets.run_stocktake"
    model = Stocktake

    def post(self, request, *args, **kwargs):
        self.location = get_object_or_404(
            Location.objects.for_user(request.user), pk=kwargs["location"]
        )
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("assets:stocktake-room", args=[self.object.pk, self.location.pk])


class StocktakeScanView(StocktakeRoomActionView):
    form_class = ScanForm

    def act(self, stocktake, data):
        line = services.stocktake_scan(
            stocktake=stocktake,
            by=self.request.user,
            number=data["number"],
            location=self.location,
        )
        self.success_message = _("%(asset)s: %(result)s.") % {
            "asset": line.asset,
            "result": line.get_result_display(),
        }


class StocktakeExtraView(StocktakeRoomActionView):
    form_class = ExtraForm

    def act(self, stocktake, data):
        services.stocktake_add_extra(
            stocktake=stocktake, by=self.request.user, location=self.location, **data
        )
        self.success_message = _("Recorded as not on the ledger.")


class StocktakeReportView(PermissionRequiredMixin, View):
    """The discrepancy report of a stocktake, as PDF or Excel."""

    permission_required = "assets.view_stocktake"
    kind = "pdf"

    def get(self, request, pk):
        stocktake = get_object_or_404(
            Stocktake.objects.for_user(request.user).select_related("school"), pk=pk
        )
        if self.kind == "xlsx":
            return exports.discrepancy_xlsx(stocktake)
        rows = exports.discrepancy_lines(stocktake).count() + stocktake.extras.count()
        if rows > background_pdf_rows():
            return in_background(
                request,
                kind="assets.stocktake_report",
                title=_("Stocktake report: %(name)s") % {"name": stocktake.name},
                params={"stocktake": stocktake.pk},
                total=rows,
            )
        return pdf_response(*stocktake_report(stocktake), request=request)


def stocktake_report(stocktake):
    """(template, context, file name) of a stocktake's discrepancy report."""
    return (
        "assets/print/stocktake_report.html",
        {
            "school": stocktake.school,
            "stocktake": stocktake,
            "counts": result_counts(stocktake),
            "lines": exports.discrepancy_lines(stocktake),
            "extras": stocktake.extras.select_related("location"),
            "timeline": stocktake.timeline(),
        },
        f"{stocktake.name}.pdf",
    )


def stocktake_report_for_job(job):
    """A long stocktake report, printed by the worker for the person who asked."""
    if not job.owner.has_perm("assets.view_stocktake"):
        raise ValidationError(_("You may no longer see this stocktake."))
    stocktake = (
        Stocktake.objects.for_user(job.owner)
        .select_related("school")
        .filter(pk=job.params.get("stocktake"))
        .first()
    )
    if stocktake is None:
        raise ValidationError(_("You may no longer see this stocktake."))
    return stocktake_report(stocktake)


# -- depreciation ledger ---------------------------------------------------------------


class DepreciationLedgerView(PermissionRequiredMixin, TemplateView):
    permission_required = "assets.view_depreciation"
    template_name = "assets/depreciation_ledger.html"
    export = False

    def get_form(self):
        today = timezone.localdate()
        data = self.request.GET.copy()
        data.setdefault("year", str(today.year))
        return DepreciationForm(data)

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            if self.export:
                raise Http404
            return self.render_to_response(self.get_context_data(form=form, rows=[]))
        first, last, label = form.period()
        group = form.cleaned_data.get("group") or "category"
        rows = selectors.depreciation_ledger(
            Asset.objects.for_user(request.user),
            first_month=first,
            last_month=last,
            group=group,
        )
        if self.export:
            return exports.depreciation_response(
                rows, group=group, period=label, school=request.school
            )
        totals = exports.sum_rows(rows)
        return self.render_to_response(
            self.get_context_data(
                form=form, rows=rows, group=group, period=label, totals=totals
            )
        )


# -- import --------------------------------------------------------------------------


# The previewed file waiting for its confirmation: {"token": …, "name": …}.
SESSION_KEY = "assets_import_waiting"


def read_dataset(source):
    """The upload's rows; a file that is no readable workbook is a plain refusal.

    Only the reading is guarded so: a fault in checking the rows is a server
    error that gets logged, not "cannot be read".
    """
    try:
        return importing.read_workbook(source, max_rows=AssetResource.max_rows())
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001  (openpyxl fails many ways on junk)
        logger.info("unreadable ledger upload: %r", error)
        raise ValidationError(
            _("This file cannot be read as an Excel workbook.")
        ) from error


class ImportView(PermissionRequiredMixin, FormView):
    """Upload → preview (nothing written) → confirm: all rows or none."""

    permission_required = "assets.import_asset"
    form_class = ImportForm
    template_name = "assets/import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            dataset = read_dataset(upload)
            if len(dataset) > imports_in_background():
                return self.in_background(upload, dataset)
            report = run_import(self.request, dataset, commit=False)
        except ValidationError as error:
            form.add_error("file", error_text(error))
            return self.form_invalid(form)
        problems = report.problems()
        token = ""
        drop_waiting(self.request)
        if not problems:
            token, name = importing.keep_upload(
                upload, school_id=self.request.school_id, user=self.request.user
            )
            self.request.session[SESSION_KEY] = {"token": token, "name": name}
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=True,
                problems=problems,
                totals=report.totals,
                rows=preview_rows(report)[:PREVIEW_ROWS],
                row_count=len(report.rows),
                preview_limit=PREVIEW_ROWS,
                headers=report.headers,
                token=token,
            )
        )

    def in_background(self, upload, dataset):
        """A large file is checked and written by the worker, all rows or none;
        the person gets a notice with the outcome and a report of every row."""
        request = self.request
        # The file's row count and columns are checked now, as the page would.
        importing.check_row_count(len(dataset), AssetResource.max_rows())
        importing.column_positions(dataset)
        token, name = importing.keep_upload(
            upload, school_id=request.school_id, user=request.user
        )
        return in_background(
            request,
            kind="assets.import",
            title=_("Import of the asset ledger: %(file)s")
            % {"file": getattr(upload, "name", "")[:100]},
            params={"name": name, "token": token},
            total=len(dataset),
        )


PREVIEW_ROWS = 200


def imports_in_background():
    """More rows than this are imported by the background worker."""
    return settings.LOGISTICS.get("BACKGROUND_IMPORT_ROWS", 2000)


def import_job(*, job, progress):
    """A large import, run by the worker for the person who uploaded the file:
    all rows or none, then a workbook that says what happened to each row."""
    owner = job.owner
    name, token = job.params.get("name", ""), job.params.get("token", "")
    try:
        if not owner.has_perm("assets.import_asset"):
            raise ValidationError(_("You may no longer import the asset ledger."))
        content = importing.kept_upload(
            name, token=token, school_id=job.school_id, user=owner
        )
        if content is None:
            raise ValidationError(_("The file has expired: upload it again."))
        progress(0, job.total)
        dataset = read_dataset(content)
        report = importing.import_ledger(
            school_id=job.school_id,
            dataset=dataset,
            by=owner,
            commit=True,
            max_rows=AssetResource.max_rows(),
        )
    finally:
        importing.drop_upload(name)
    totals = report.totals
    if report.committed:
        outcome = _(
            "Imported: %(new)d new, %(update)d changed, %(skip)d unchanged."
        ) % {
            "new": totals[importing.NEW],
            "update": totals[importing.UPDATE],
            "skip": totals[importing.SKIP],
        }
    else:
        outcome = _(
            "Nothing was imported: %(count)d rows have errors (see the report)."
        ) % {"count": totals[importing.INVALID]}
    job.title = f"{job.title} · {outcome}"[:200]
    job.save(update_fields=["title"])
    problems = dict(report.problems())
    rows = (
        (line, label, "；".join(problems.get(line, ())))
        for line, _kind, label, _cells in preview_rows(report)
    )
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as out:
        write_xlsx(
            out,
            columns=[
                Column(pgettext("import report", "Line"), "int", 8),
                Column(pgettext("import report", "Outcome"), width=12),
                Column(pgettext("import report", "Problems"), width=80),
            ],
            rows=rows,
            title=outcome,
            subtitle=job.title,
        )
    filename = export_filename(_("Asset import report"))
    return JobFile(name=filename, path=out.name)


def drop_waiting(request):
    """Forget (and delete) the file a former preview of this session kept."""
    waiting = request.session.pop(SESSION_KEY, None)
    if isinstance(waiting, dict):
        importing.drop_upload(waiting.get("name"))


def run_import(request, dataset, *, commit):
    return importing.import_ledger(
        school_id=request.school_id,
        dataset=dataset,
        by=request.user,
        commit=commit,
        max_rows=AssetResource.max_rows(),
    )


def preview_rows(report):
    """(line, kind, what happens to it, its cells as text): wrong rows first.

    Cells are shown as they were typed: a date cell as 2024-09-01 (not a
    datetime with its midnight), Excel's 1001.0 as 1001, an empty cell as "".
    """
    kinds = {
        importing.NEW: _("new"),
        importing.UPDATE: _("changed"),
        importing.SKIP: _("unchanged"),
        importing.INVALID: _("error"),
    }
    rows = sorted(report.rows, key=lambda row: row.kind != importing.INVALID)
    return [
        (
            row.line,
            row.kind,
            kinds[row.kind],
            [importing.text_of(value) for value in row.values],
        )
        for row in rows
    ]


class ImportConfirmView(PermissionRequiredMixin, View):
    http_method_names = ["post"]
    permission_required = "assets.import_asset"

    def post(self, request):
        token = request.POST.get("token", "")
        waiting = request.session.get(SESSION_KEY)
        content = None
        if isinstance(waiting, dict) and token and waiting.get("token") == token:
            content = importing.kept_upload(
                waiting.get("name"),
                token=token,
                school_id=request.school_id,
                user=request.user,
            )
        if content is None:
            messages.error(
                request, _("The preview has expired: upload the file again.")
            )
            return redirect("assets:import")
        try:
            report = run_import(request, read_dataset(content), commit=True)
            if not report.committed:
                raise ValidationError(_("Nothing was imported: some rows have errors."))
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("assets:import")
        finally:
            drop_waiting(request)
        totals = report.totals
        messages.success(
            request,
            _("Imported: %(new)d new, %(update)d changed, %(skip)d unchanged.")
            % {
                "new": totals[importing.NEW],
                "update": totals[importing.UPDATE],
                "skip": totals[importing.SKIP],
            },
        )
        return redirect("assets:list")


class ImportTemplateView(PermissionRequiredMixin, View):
    permission_required = "assets.import_asset"

    def get(self, request):
        response = HttpResponse(
            import_template.template_workbook(request.school_id),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = quote(_("asset-import-template") + ".xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response


# -- categories ---------------------------------------------------------------------------


class CategoryListView(PermissionRequiredMixin, ListView):
    permission_required = "assets.view_category"
    template_name = "assets/category_list.html"

    def get_queryset(self):
        return (
            Category.objects.for_user(self.request.user)
            .annotate(asset_count=Count("assets"))
            .order_by("code")
        )


class CategoryFormMixin:
    model = Category
    form_class = CategoryForm
    template_name = "assets/category_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school_id": self.request.school_id}

    def form_valid(self, form):
        category = form.save(commit=False)
        category.school_id = self.request.school_id
        try:
            services.category_save(category=category, by=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Saved %(category)s.") % {"category": category}
        )
        return redirect("assets:category-list")


class CategoryCreateView(PermissionRequiredMixin, CategoryFormMixin, CreateView):
    permission_required = "assets.add_category"

    def get_initial(self):
        parent = self.request.GET.get("parent")
        return {"parent": parent} if parent and parent.isdigit() else {}


class CategoryUpdateView(PermissionRequiredMixin, CategoryFormMixin, UpdateView):
    permission_required = "assets.change_category"

    def get_queryset(self):
        return Category.objects.for_user(self.request.user)


# -- closing months (月末计提) and the voucher summary ------------------------------------


class MonthListView(PermissionRequiredMixin, TemplateView):
    """The posted months of the school, the next month to close, and 建账."""

    permission_required = "assets.view_depreciation"
    template_name = "assets/month_list.html"

    def get_context_data(self, **kwargs):
        school_id = self.request.school_id
        months = (
            DepreciationMonth.objects.for_user(self.request.user)
            .select_related("closed_by__profile", "reopened_by__profile")
            .order_by("-month", "-id")[:36]
        )
        next_month = posting.first_open_month(school_id)
        initial = depreciation.month_label(
            next_month
            if next_month is not None
            else depreciation.month_index(timezone.localdate())
        )
        return super().get_context_data(
            months=months,
            opening=posting.opening_of(school_id),
            next_month=depreciation.month_label(next_month) if next_month else "",
            close_form=kwargs.pop("close_form", None)
            or CloseMonthForm(initial={"month": initial}),
            open_form=kwargs.pop("open_form", None) or LedgerOpenForm(),
            **kwargs,
        )


class MonthCloseView(PermissionRequiredMixin, View):
    """POST: close a month (the accountant)."""

    permission_required = "assets.close_depreciation_month"
    form_class = CloseMonthForm
    service = staticmethod(posting.month_close)

    def post(self, request):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                result = self.service(
                    school=request.school_id,
                    by=request.user,
                    month=form.cleaned_data["month"],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, self.done(result))
                return redirect(self.success_url(result))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("assets:months")

    def done(self, period):
        return _("%(month)s is closed: %(count)d assets, depreciation ¥%(total)s.") % {
            "month": period.label,
            "count": period.assets,
            "total": period.total,
        }

    def success_url(self, period):
        return period.get_absolute_url()


class LedgerOpenView(MonthCloseView):
    """POST: open the ledger (建账) from a month, once."""

    form_class = LedgerOpenForm
    service = staticmethod(posting.ledger_open)

    def done(self, opening):
        return _(
            "The ledger is opened from %(month)s: %(imported)d opening balances "
            "imported, %(computed)d computed by the rule."
        ) % {
            "month": depreciation.month_label(opening.month),
            "imported": opening.imported,
            "computed": opening.computed,
        }

    def success_url(self, opening):
        return reverse("assets:months")


class MonthDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    """A posted month: its voucher summary (计提折旧汇总表), reconciled with the
    ledger, and its timeline."""

    permission_required = "assets.view_depreciation"
    template_name = "assets/month_detail.html"

    def get_queryset(self):
        return DepreciationMonth.objects.for_user(self.request.user).select_related(
            "closed_by__profile", "reopened_by__profile", "school"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=posting.month_summary(self.object), **kwargs
        )


class MonthActionView(DocumentActionView):
    detail_view = MonthDetailView


class MonthSummaryExportView(PermissionRequiredMixin, View):
    permission_required = "assets.view_depreciation"
    kind = "xlsx"

    def get(self, request, pk):
        period = get_object_or_404(
            DepreciationMonth.objects.for_user(request.user).select_related("school"),
            pk=pk,
        )
        summary = posting.month_summary(period)
        if self.kind == "xlsx":
            return exports.month_summary_xlsx(summary)
        return pdf_response(
            "assets/print/month_summary.html",
            {"school": period.school, "summary": summary, "period": period},
            _("Depreciation summary %(month)s.pdf") % {"month": period.label},
            request=request,
        )
