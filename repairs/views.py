import datetime

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from django_filters.views import FilterView

from logistics.excel import export_filename, export_subtitle, xlsx_response
from logistics.labels import qr_png_data_uri
from logistics.models import Location, School
from logistics.pdf import pdf_response
from logistics.views import (
    SchoolFilterMixin,
    WorkflowActionView,
    error_text,
    local_url,
)

from . import photos as photo_files
from . import selectors, services
from .choices import STATUS_TONES, RepairStatus
from .exports import ledger_columns, ledger_rows
from .filtersets import (
    JobFilterSet,
    MyRequestFilterSet,
    RepairRequestFilterSet,
    technicians_of,
)
from .forms import (
    AssignForm,
    ConfirmForm,
    DamageForm,
    DoneForm,
    OptionalReasonForm,
    PartForm,
    PhotoForm,
    ReasonForm,
    RepairRequestForm,
)
from .models import RepairCategory, RepairRequest, plain_number
from .printing import ROOM_SHEET

S = RepairStatus


class StatusToneMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status_tones"] = STATUS_TONES
        return context


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


class MyRequestsView(
    PermissionRequiredMixin, StatusToneMixin, SchoolFilterMixin, FilterView
):
    permission_required = "repairs.add_repairrequest"
    filterset_class = MyRequestFilterSet
    template_name = "repairs/my_requests.html"
    paginate_by = 30

    def get_queryset(self):
        return selectors.my_requests(self.request.user).order_by("-created_at", "-id")


class QueueView(
    PermissionRequiredMixin, StatusToneMixin, SchoolFilterMixin, FilterView
):
    """Every request of the school; by default the open ones, most urgent and oldest
    first. The head assigns from here; the accountant exports from here."""

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("repairs.triage_repairrequest"):
            context["technicians"] = list(technicians_of(user))
        return context


class JobsView(PermissionRequiredMixin, StatusToneMixin, FilterView):
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


class RepairDetailView(PermissionRequiredMixin, StatusToneMixin, DetailView):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        repair, user = self.object, self.request.user
        is_requester = repair.requester_id == user.pk
        is_technician = repair.technician_id == user.pk
        can_triage = user.has_perm("repairs.triage_repairrequest")
        status = repair.status
        context_parts = list(repair.parts.all())
        can_edit_parts = services.may_edit_parts(repair, user)
        damage_form = kwargs.get("damage_form")
        if damage_form is None:
            damage_form = DamageForm(
                user=user,
                initial={
                    "responsible_person": repair.responsible_person_id,
                    "responsible_class": repair.responsible_class_id,
                    "responsible_name": repair.responsible_name,
                    "price_item": repair.compensation_item_id,
                    "quantity": repair.compensation_quantity or 1,
                    "amount": repair.compensation_amount,
                },
            )
        context.update(
            parts=context_parts,
            photos=list(repair.photos.all()),
            asset_link=selectors.asset_link(user, repair.asset_number),
            is_requester=is_requester,
            is_technician=is_technician,
            can_triage=can_triage,
            is_following=repair.followers.filter(pk=user.pk).exists(),
            can_cancel=is_requester and status == S.SUBMITTED,
            can_confirm=is_requester and status == S.DONE,
            can_assign=can_triage and repair.can_move_to(S.ASSIGNED),
            can_reject=can_triage and repair.can_move_to(S.REJECTED),
            can_start=is_technician and repair.can_move_to(S.IN_PROGRESS),
            can_finish=is_technician and status == S.IN_PROGRESS,
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
                for part in context_parts
                if can_edit_parts
            ],
            can_add_photo=(is_requester or is_technician) and repair.is_open,
            can_assess=can_triage
            and status not in (S.REJECTED, S.CANCELLED)
            and not repair.compensation_paid,
            can_mark_paid=user.has_perm("repairs.mark_compensation_paid")
            and repair.is_damage
            and not repair.compensation_paid,
            assign_form=AssignForm(
                user=user,
                initial={"technician": repair.technician_id, "due_at": repair.due_at},
            ),
            reject_form=ReasonForm(prefix="reject"),
            reopen_form=ReasonForm(prefix="reopen"),
            cancel_form=OptionalReasonForm(prefix="cancel"),
            confirm_form=ConfirmForm(),
            done_form=DoneForm(instance=repair),
            part_form=PartForm(),
            photo_form=PhotoForm(),
            damage_form=damage_form,
        )
        return context


class RepairActionView(WorkflowActionView):
    """The core's POST-only workflow action on a request the user may see."""

    permission_required = "repairs.add_repairrequest"

    def get_queryset(self):
        return selectors.repair_requests_visible_to(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.form_class in (AssignForm, DamageForm):
            kwargs["user"] = self.request.user
        return kwargs


class CancelView(RepairActionView):
    form_class = OptionalReasonForm
    form_prefix = "cancel"

    def act(self, repair, data):
        services.repair_request_cancel(
            repair=repair, reason=data["reason"], by=self.request.user
        )
        self.success_message = _("The request was cancelled.")


class ConfirmView(RepairActionView):
    form_class = ConfirmForm

    def act(self, repair, data):
        services.repair_request_confirm(
            repair=repair,
            rating=data["rating"],
            comment=data["comment"],
            by=self.request.user,
        )
        self.success_message = _("Thank you: the repair is confirmed.")


class ReopenView(RepairActionView):
    form_class = ReasonForm
    form_prefix = "reopen"

    def act(self, repair, data):
        services.repair_request_reopen(
            repair=repair, reason=data["reason"], by=self.request.user
        )
        self.success_message = _("The repair was sent back to the technician.")


class FollowView(RepairActionView):
    """Anyone at the school may follow an open request instead of filing it again."""

    def get_queryset(self):
        return RepairRequest.objects.for_user(self.request.user)

    def act(self, repair, data):
        services.repair_request_follow(repair=repair, by=self.request.user)
        self.success_message = _(
            "You follow this request and will hear of its progress."
        )


class UnfollowView(RepairActionView):
    def act(self, repair, data):
        services.repair_request_unfollow(repair=repair, by=self.request.user)
        self.success_message = _("You no longer follow this request.")

    def get_success_url(self):
        if (
            selectors.repair_requests_visible_to(self.request.user)
            .filter(pk=self.object.pk)
            .exists()
        ):
            return self.object.get_absolute_url()
        return reverse("repairs:mine")


class AssignView(RepairActionView):
    permission_required = "repairs.triage_repairrequest"
    form_class = AssignForm

    def act(self, repair, data):
        repair = services.repair_request_assign(
            repair=repair,
            technician=data["technician"],
            due_at=data.get("due_at"),
            comment=data.get("comment", ""),
            by=self.request.user,
        )
        self.success_message = _("%(number)s assigned.") % {"number": repair.number}

    def get_success_url(self):
        return local_url(self.request, self.request.POST.get("next", "")) or (
            super().get_success_url()
        )


class RejectView(RepairActionView):
    permission_required = "repairs.triage_repairrequest"
    form_class = ReasonForm
    form_prefix = "reject"

    def act(self, repair, data):
        services.repair_request_reject(
            repair=repair, reason=data["reason"], by=self.request.user
        )
        self.success_message = _("The request was rejected.")


class StartView(RepairActionView):
    permission_required = "repairs.work_repairrequest"

    def act(self, repair, data):
        services.repair_request_start(repair=repair, by=self.request.user)
        self.success_message = _("Work started.")


class DoneView(RepairActionView):
    permission_required = "repairs.work_repairrequest"
    form_class = DoneForm

    def act(self, repair, data):
        services.repair_request_done(
            repair=repair,
            work_done=data["work_done"],
            labour_hours=data["labour_hours"],
            cost=data["cost"],
            by=self.request.user,
        )
        self.success_message = _("Marked done. The requester is asked to confirm.")


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


class PartAddView(PartEditMixin, RepairActionView):
    form_class = PartForm

    def act(self, repair, data):
        services.repair_part_add(
            repair=repair,
            name=data["name"],
            quantity=data["quantity"],
            unit=data["unit"],
            by=self.request.user,
        )
        self.success_message = _("Part recorded.")


class PartChangeView(PartEditMixin, RepairActionView):
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


class PartRemoveView(PartEditMixin, RepairActionView):
    def act(self, repair, data):
        services.repair_part_remove(
            repair=repair, part=self.part(repair), by=self.request.user
        )
        self.success_message = _("Part removed.")


class PhotoAddView(RepairActionView):
    form_class = PhotoForm

    def act(self, repair, data):
        user = self.request.user
        kind = "work" if repair.technician_id == user.pk else "report"
        for upload in data["photos"]:
            services.repair_photo_add(repair=repair, upload=upload, kind=kind, by=user)
        self.success_message = _("Photo added.")


class DamageView(RepairActionView):
    permission_required = "repairs.triage_repairrequest"
    form_class = DamageForm

    def post(self, request, *args, **kwargs):
        # A form with mistakes, whether the form or the service finds them, comes
        # back on the request's page filled in and open, rather than as a message
        # above an empty, folded form.
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        form = self.form_class(**self.get_form_kwargs())
        if form.is_valid():
            try:
                self.act(self.object, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, self.success_message)
                return redirect(self.get_success_url())
        detail = RepairDetailView()
        detail.setup(request, *args, **kwargs)
        detail.object = get_object_or_404(detail.get_queryset(), pk=kwargs["pk"])
        context = detail.get_context_data(object=detail.object, damage_form=form)
        return detail.render_to_response(context)

    def act(self, repair, data):
        services.repair_request_assess_damage(
            repair=repair,
            responsible_person=data["responsible_person"],
            responsible_class=data["responsible_class"],
            responsible_name=data["responsible_name"],
            price_item=data["price_item"],
            quantity=data["quantity"],
            amount=data["amount"],
            by=self.request.user,
        )
        self.success_message = _("Damage and compensation recorded.")


class CompensationPaidView(RepairActionView):
    permission_required = "repairs.mark_compensation_paid"

    def act(self, repair, data):
        services.repair_request_mark_compensation_paid(
            repair=repair, by=self.request.user
        )
        self.success_message = _("Compensation marked paid.")


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


class ExportView(PermissionRequiredMixin, SchoolFilterMixin, FilterView):
    """The repair ledger as .xlsx, honouring the queue's filters."""

    permission_required = "repairs.export_repairrequest"
    filterset_class = RepairRequestFilterSet

    def get_queryset(self):
        return selectors.repair_queue(self.request.user)

    def get(self, request, *args, **kwargs):
        queryset = self.filtered_queryset()
        return xlsx_response(
            filename=export_filename(_("Repair ledger")),
            columns=ledger_columns(),
            rows=ledger_rows(queryset, school_id=request.school_id),
            title=_("Repair ledger"),
            subtitle=export_subtitle(request.school),
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
