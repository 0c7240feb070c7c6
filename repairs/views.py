import datetime

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from django_filters.views import FilterView

from logistics.jobs.exports import BackgroundExportMixin
from logistics.labels import qr_png_data_uri
from logistics.listing import Labelled, load_choices
from logistics.models import Location, School
from logistics.pdf import pdf_response
from logistics.views import (
    DocumentActionView,
    SchoolFilterMixin,
    WorkflowActionView,
    WorkflowDetailMixin,
    error_text,
)

from . import photos as photo_files
from . import selectors, services
from .exports import ledger_export
from .filtersets import (
    JobFilterSet,
    MyRequestFilterSet,
    RepairRequestFilterSet,
)
from .forms import PartForm, RepairRequestForm
from .models import RepairCategory, RepairRequest, category_name, plain_number
from .printing import ROOM_SHEET
from .rows import queue_rows
from .workflows import REPAIR_WORKFLOW

# -- filing ------------------------------------------------------------------


class RepairCreateView(PermissionRequiredMixin, FormView):
    """File a request; warns about open requests for the same place and category."""

    permission_required = "repairs.add_repairrequest"
    form_class = RepairRequestForm
    template_name = "repairs/repair_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        profile = getattr(self.request.user, "profile", None)
        initial = {"contact_phone": getattr(profile, "phone", "")}
        location_id = self.request.GET.get("location", "")
        if location_id.isdigit():
            initial["location"] = int(location_id)
        if self.request.GET.get("asset"):
            initial["asset_number"] = self.request.GET["asset"][:40]
        if self.request.GET.get("category"):
            initial["category"] = self.request.GET["category"]
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        photos = self.photos(form)
        duplicates = list(
            selectors.open_duplicates(
                user=self.request.user,
                location=data["location"],
                category=data["category"],
            )
        )
        if duplicates and not data.get("file_anyway"):
            messages.warning(
                self.request,
                _(
                    "This problem may already be reported. Follow an open request "
                    "below, or tick the box to file a new one."
                ),
            )
            return self.render_to_response(
                self.get_context_data(
                    form=form, duplicates=duplicates, **self.keep(photos)
                )
            )
        try:
            repair = services.repair_request_create(
                location=data["location"],
                category=data["category"],
                urgency=data["urgency"],
                description=data["description"],
                contact_phone=data["contact_phone"],
                asset_number=data["asset_number"],
                photos=photos,
                by=self.request.user,
            )
        except ValidationError as error:
            messages.error(self.request, error_text(error))
            return self.form_invalid(form)
        photo_files.drop(self.request)
        messages.success(
            self.request,
            _("Request %(number)s filed. The logistics office has been told.")
            % {"number": repair.number},
        )
        return redirect(repair)

    def form_invalid(self, form):
        return self.render_to_response(
            self.get_context_data(form=form, **self.keep(self.photos(form)))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Opened from a room's QR code (or any link naming a room the form offers).
        location = self.get_initial().get("location")
        context["room_from_link"] = (
            location in context["form"].fields["location"].widget.codes
        )
        return context

    def photos(self, form):
        """The photos chosen now, else those kept from the form's last showing."""
        chosen = getattr(form, "cleaned_data", {}).get("photos")
        if chosen:
            return chosen
        # Also when newly chosen ones were refused: the earlier ones still stand.
        return photo_files.kept(self.request, self.request.POST.get("kept_photos", ""))

    def keep(self, photos):
        """Photos to offer again on the form that comes back (a browser will not)."""
        if not photos:
            return {}
        return {
            "kept_photos": len(photos),
            "kept_token": photo_files.keep(self.request, photos),
        }


class SimilarView(PermissionRequiredMixin, TemplateView):
    """Open requests for the place and category being chosen on the filing form,
    fetched while the form is filled in so "follow it instead" comes first."""

    permission_required = "repairs.add_repairrequest"
    template_name = "repairs/_similar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, params = self.request.user, self.request.GET
        location_id = params.get("location", "")
        location = category = None
        if location_id.isdigit():
            location = Location.objects.for_user(user).filter(pk=location_id).first()
        if location is not None:
            category = (
                RepairCategory.objects.for_user(user)
                .filter(code=params.get("category", ""))
                .first()
            )
        context["duplicates"] = []
        if category is not None:
            context["duplicates"] = list(
                selectors.open_duplicates(
                    user=user, location=location, category=category
                )
            )
        return context


class ReportByCodeView(View):
    """The target of a room's QR code: the form with the place filled in."""

    def get(self, request, code):
        location = get_object_or_404(Location.objects.for_user(request.user), code=code)
        url = reverse("repairs:new") + f"?location={location.pk}"
        asset = request.GET.get("asset", "")
        if asset:
            from urllib.parse import quote

            url += f"&asset={quote(asset[:40])}"
        return redirect(url)


# -- lists ---------------------------------------------------------------------


class MyRequestsView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    permission_required = "repairs.add_repairrequest"
    filterset_class = MyRequestFilterSet
    template_name = "repairs/my_requests.html"
    paginate_by = 30

    def get_queryset(self):
        return selectors.my_requests(self.request.user).order_by("-created_at", "-id")


# How the queue's filter drop-downs read (``load_choices``: one query for all).
QUEUE_FILTER_LABELS = {
    "category": Labelled(("name_zh", "name_en"), category_name),
    "building_id": Labelled(("name",), str),
    "technician_id": Labelled(
        ("profile__real_name", "username"), lambda name, login: name or login
    ),
}


class QueueView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """Every request of the school; by default the open ones, most urgent and oldest
    first. The head assigns from here; the accountant exports from here.

    The page is 50 rows, joined in Python (``repairs/rows.py``) rather than looped
    over in the template, row by row and technician by technician."""

    permission_required = "repairs.view_all_repairrequest"
    filterset_class = RepairRequestFilterSet
    template_name = "repairs/queue.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.repair_queue(self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # The default (open requests) also on the next pages: ?page=2 alone.
        if not set(self.request.GET) - {"page"}:
            kwargs["data"] = {**self.request.GET.dict(), "status": "open"}
        return kwargs

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        self.filter_choices = load_choices(filterset.form, QUEUE_FILTER_LABELS)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        technicians = None
        if user.has_perm("repairs.triage_repairrequest"):
            # The technician filter's choices are the same people.
            technicians = [
                (int(key), name) for key, name in self.filter_choices["technician_id"]
            ]
        context["queue_rows"] = queue_rows(
            context["page_obj"].object_list,
            technicians=technicians,
            may_assign=lambda repair: REPAIR_WORKFLOW.allows(repair, user, "assign"),
            csrf_token=get_token(self.request),
            next_url=self.request.get_full_path(),
        )
        return context


class JobsView(PermissionRequiredMixin, FilterView):
    """A technician's jobs: by default the unfinished ones, so the first page is
    today's work; the status filter shows the finished ones or all."""

    permission_required = "repairs.work_repairrequest"
    template_name = "repairs/jobs.html"
    filterset_class = JobFilterSet
    paginate_by = 30

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        data = self.request.GET.copy()
        if data.get("status") == "open":  # the word older links and bookmarks use
            data["status"] = "unfinished"
        data.setdefault("status", JobFilterSet.DEFAULT_STATUS)
        kwargs["data"] = data
        return kwargs

    def get_queryset(self):
        return selectors.my_jobs(self.request.user)


# -- one request -------------------------------------------------------------


class RepairDetailView(PermissionRequiredMixin, WorkflowDetailMixin, DetailView):
    permission_required = "repairs.add_repairrequest"
    template_name = "repairs/repair_detail.html"
    context_object_name = "repair"

    def get_queryset(self):
        return selectors.repair_requests_visible_to(self.request.user).select_related(
            "location__building",
            "location__campus",
            "category",
            "requester__profile",
            "technician__profile",
            "responsible_person__profile",
            "responsible_class",
            "compensation_item",
        )

    def action_form_kwargs(self, action):
        repair, user = self.object, self.request.user
        if action.name == "assign":
            return {
                "user": user,
                "repair": repair,  # the due time's range starts at filing
                "initial": {
                    "technician": repair.technician_id,
                    "due_at": repair.due_at,
                },
            }
        if action.name == "damage":
            return {
                "user": user,
                "initial": {
                    "responsible_person": repair.responsible_person_id,
                    "responsible_class": repair.responsible_class_id,
                    "responsible_name": repair.responsible_name,
                    "price_item": repair.compensation_item_id,
                    "quantity": repair.compensation_quantity or 1,
                    "amount": repair.compensation_amount,
                },
            }
        if action.name == "done":
            return {"instance": repair}
        if action.name == "part_add":
            return {"user": user}
        if action.name == "photo_add":
            return {"school": repair.school_id}
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        repair, user = self.object, self.request.user
        parts = list(repair.parts.all())
        can_edit_parts = REPAIR_WORKFLOW.allows(repair, user, "part_add")
        context.update(
            parts=parts,
            photos=list(repair.photos.all()),
            asset_link=selectors.asset_link(user, repair.asset_number),
            can_edit_parts=can_edit_parts,
            part_forms=[
                (
                    part,
                    PartForm(
                        prefix=f"part-{part.pk}",
                        initial={
                            "name": part.name,
                            "quantity": plain_number(part.quantity),
                            "unit": part.unit,
                        },
                    ),
                )
                for part in parts
                if can_edit_parts
            ],
        )
        return context


class RepairActionView(DocumentActionView):
    """Every declared action on a request the user may see (workflows.py)."""

    detail_view = RepairDetailView


class FollowActionView(RepairActionView):
    """Anyone at the school may follow an open request instead of filing it again,
    also one they cannot open yet; unfollowing may take it out of their sight."""

    def get_queryset(self, detail):
        return RepairRequest.objects.for_user(self.request.user)

    def done(self, obj):
        if detail_visible(self.request.user, obj):
            return redirect(obj)
        return redirect("repairs:mine")


def detail_visible(user, repair):
    return selectors.repair_requests_visible_to(user).filter(pk=repair.pk).exists()


class RepairPartView(WorkflowActionView):
    """A recorded part corrected or removed (the services decide who and when)."""

    permission_required = "repairs.add_repairrequest"

    def get_queryset(self):
        return selectors.repair_requests_visible_to(self.request.user)


class PartEditMixin:
    """The technician records parts; the logistics head corrects them. Which of the
    two may act on this request, and when, the services decide."""

    def has_permission(self):
        user = self.request.user
        return user.has_perm("repairs.work_repairrequest") or user.has_perm(
            "repairs.change_repairpart"
        )

    def part(self, repair):
        return get_object_or_404(repair.parts.all(), pk=self.kwargs["part_pk"])


class PartChangeView(PartEditMixin, RepairPartView):
    form_class = PartForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "prefix": f"part-{self.kwargs['part_pk']}",
        }

    def act(self, repair, data):
        services.repair_part_change(
            repair=repair,
            part=self.part(repair),
            name=data["name"],
            quantity=data["quantity"],
            unit=data["unit"],
            by=self.request.user,
        )
        self.success_message = _("Part corrected.")


class PartRemoveView(PartEditMixin, RepairPartView):
    def act(self, repair, data):
        services.repair_part_remove(
            repair=repair, part=self.part(repair), by=self.request.user
        )
        self.success_message = _("Part removed.")


# -- output ------------------------------------------------------------------


class WorkOrderView(PermissionRequiredMixin, View):
    """The work order (维修单) as a PDF, for everyone who may see the request."""

    permission_required = "repairs.add_repairrequest"

    def get(self, request, pk):
        repair = get_object_or_404(
            selectors.repair_requests_visible_to(request.user).select_related(
                "location__building",
                "category",
                "requester__profile",
                "technician__profile",
            ),
            pk=pk,
        )
        context = {
            "school": School.objects.get(pk=repair.school_id),
            **repair.print_context(),
        }
        return pdf_response(
            "repairs/print/work_order.html",
            context,
            f"{_('Work order')}-{repair.number}.pdf",
            request=request,
        )


class QRSheetView(PermissionRequiredMixin, View):
    """Printable QR codes for room doors: scanning one opens the filing form."""

    permission_required = "repairs.triage_repairrequest"

    def get(self, request):
        locations = (
            Location.objects.for_user(request.user)
            .filter(is_active=True)
            .select_related("building")
            .order_by("building__code", "code")
        )
        building = request.GET.get("building", "")
        if building.isdigit():
            locations = locations.filter(building_id=int(building))
        locations = locations[:500]
        labels = [
            {
                "location": location,
                "qr": qr_png_data_uri(
                    request.build_absolute_uri(
                        reverse("repairs:report", args=[location.code])
                    )
                ),
            }
            for location in locations
        ]
        context = {
            "school": School.objects.get(pk=request.school_id),
            "pages": ROOM_SHEET.pages(labels),
            "sheet": ROOM_SHEET,
        }
        return pdf_response(
            "repairs/print/qr_sheet.html",
            context,
            _("Room QR codes") + ".pdf",
            request=request,
        )


class ExportView(
    PermissionRequiredMixin, SchoolFilterMixin, BackgroundExportMixin, FilterView
):
    """The repair ledger as .xlsx, honouring the queue's filters; a large one is
    prepared in the background (logistics/jobs/exports.py)."""

    permission_required = "repairs.export_repairrequest"
    filterset_class = RepairRequestFilterSet
    job_kind = "repairs.ledger_export"
    job_title = _("Repair ledger")

    def get_queryset(self):
        return selectors.repair_queue(self.request.user)

    def export_kwargs(self, queryset):
        return ledger_export(
            queryset, school=self.request.school, school_id=self.request.school_id
        )


class StatisticsView(PermissionRequiredMixin, TemplateView):
    permission_required = "repairs.view_repair_statistics"
    template_name = "repairs/statistics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else this_year
        stats = selectors.repair_statistics(self.request.user, year)
        # A month's name in the reader's language: "January" / "1月".
        month_format = pgettext("a date format for a month on the statistics", "F")
        context.update(
            year=year,
            years=list(range(this_year, this_year - 5, -1)),
            stats=stats,
            by_month=[
                (dateformat.format(datetime.date(year, month, 1), month_format), n)
                for month, n in stats["by_month"]
            ],
        )
        return context
