"""The inbox, an approval's page, its minutes, deputies and the chain editor."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from ..scoping import school_id_of
from ..views import error_text
from .forms import (
    BulkApproveForm,
    ChainForm,
    DecisionForm,
    DelegationForm,
    StepFormSet,
    step_initial,
)
from .kinds import kind_label, known_kinds
from .models import Approval, ApprovalChain, Delegation
from .selectors import (
    authority,
    chains_for,
    delegations_of,
    may_see,
    stages_with_decisions,
    waiting_for,
)
from .services import (
    CHAIN_PERMISSION,
    approval_chain_save,
    approval_decide,
    approval_decide_many,
    chain_create_default,
    delegation_create,
    delegation_end,
)


def _decided_message(approval, form):
    if form.approve:
        return _("Approved: %(title)s") % {"title": approval.title}
    return _("Rejected: %(title)s") % {"title": approval.title}


class InboxView(TemplateView):
    """Everything waiting for the user's decision, across every kind of document;
    each decided in one tap, several approved at once."""

    template_name = "approvals/inbox.html"
    # Oldest first, a page at a time: a form for each item shown, not for all.
    paginate_by = 50

    def items(self):
        return waiting_for(self.request.user)

    def get_context_data(self, failed=None, **kwargs):
        context = super().get_context_data(**kwargs)
        failed_pk, failed_form = failed or (None, None)
        items = self.items()
        paginator = Paginator(items, self.paginate_by)
        number = self.request.GET.get("page")
        if failed_pk is not None:  # the page of the item whose form came back
            at = next(
                (n for n, item in enumerate(items) if item.approval.pk == failed_pk), 0
            )
            number = at // self.paginate_by + 1
        page = paginator.get_page(number)
        shown = list(page.object_list)
        for item in shown:
            pk = item.approval.pk
            item.form = (
                failed_form
                if pk == failed_pk
                else DecisionForm(prefix=f"a{pk}", stage=item.stage)
            )
        context["items"] = shown
        context["total"] = len(items)
        context["page_obj"] = page
        context["bulk_count"] = sum(1 for item in shown if not item.stage.collective)
        return context

    def post(self, request):
        pk = request.POST.get("approval", "")
        item = next((i for i in self.items() if str(i.approval.pk) == pk.strip()), None)
        if item is None:
            messages.error(request, _("This is no longer waiting for your decision."))
            return redirect("approvals:inbox")
        form = DecisionForm(
            request.POST, request.FILES, prefix=f"a{item.approval.pk}", stage=item.stage
        )
        if not form.is_valid():
            return self.again(item, form)
        try:
            approval_decide(
                approval=item.approval, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            fresh = Approval.objects.get(pk=item.approval.pk)
            if authority(fresh, request.user).allowed:
                form.add_error(None, error)
                return self.again(item, form)
            messages.error(request, error_text(error))
        else:
            messages.success(request, _decided_message(item.approval, form))
        return redirect("approvals:inbox")

    def again(self, item, form):
        context = self.get_context_data(failed=(item.approval.pk, form))
        return self.render_to_response(context)


class BulkApproveView(View):
    """Approve the selected items of the inbox (not collective steps: those need
    their meeting's minutes each)."""

    http_method_names = ["post"]

    def post(self, request):
        items = {
            item.approval.pk: item
            for item in waiting_for(request.user)
            if not item.stage.collective
        }
        form = BulkApproveForm(request.POST, choices=list(items))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("approvals:inbox")
        chosen = [items[pk].approval for pk in form.cleaned_data["selected"]]
        decided, refused = approval_decide_many(
            approvals=chosen, by=request.user, comment=form.cleaned_data["comment"]
        )
        if decided:
            messages.success(
                request, _("%(count)d approved.") % {"count": len(decided)}
            )
        for approval, reason in refused:
            messages.error(
                request,
                _("Not approved: %(title)s: %(reason)s")
                % {"title": approval.title, "reason": reason},
            )
        return redirect("approvals:inbox")


class ApprovalDetailView(TemplateView):
    """One approval: its steps, who decided what, and the decision for whoever may
    take it now. Seen by the requester, the deciders and whoever may see the
    document; for anyone else it does not exist."""

    template_name = "approvals/approval_detail.html"

    def get_object(self):
        approval = get_object_or_404(
            Approval.objects.for_user(self.request.user).select_related(
                "requester__profile", "current_stage"
            ),
            pk=self.kwargs["pk"],
        )
        if not may_see(approval, self.request.user):
            raise Http404
        return approval

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        approval = self.approval
        granted = authority(approval, self.request.user)
        context.update(
            approval=approval,
            stages=stages_with_decisions(approval),
            granted=granted,
            form=form
            or (
                DecisionForm(prefix="decide", stage=approval.current_stage)
                if granted.allowed
                else None
            ),
        )
        return context

    def get(self, request, pk):
        self.approval = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        self.approval = self.get_object()
        granted = authority(self.approval, request.user)
        if not granted.allowed:
            messages.error(request, error_text(granted.error))
            return redirect(self.approval)
        form = DecisionForm(
            request.POST,
            request.FILES,
            prefix="decide",
            stage=self.approval.current_stage,
        )
        if form.is_valid():
            try:
                approval_decide(
                    approval=self.approval, by=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _decided_message(self.approval, form))
                return redirect(self.approval)
        self.approval = self.get_object()
        return self.render_to_response(self.get_context_data(form=form))


# -- delegations -----------------------------------------------------------------------


class DelegationView(TemplateView):
    """The user's deputies (and whom they stand in for); naming a new one."""

    template_name = "approvals/delegations.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["form"] = form or DelegationForm(user=user)
        rows = list(delegations_of(user))
        context["mine"] = [row for row in rows if row.person_id == user.pk]
        context["for_others"] = [row for row in rows if row.deputy_id == user.pk]
        context["today"] = timezone.localdate()
        return context

    def post(self, request):
        if school_id_of(request.user) is None:
            raise Http404
        form = DelegationForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                delegation_create(
                    person=request.user,
                    deputy=data["deputy"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    reason=data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        for message in errors:
                            form.add_error(
                                field if field in form.fields else None, message
                            )
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Your deputy is named."))
                return redirect("approvals:delegations")
        return self.render_to_response(self.get_context_data(form=form))


class DelegationEndView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        delegation = get_object_or_404(
            Delegation.objects.for_user(request.user), pk=pk, person=request.user
        )
        try:
            delegation_end(delegation=delegation, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The delegation has ended."))
        return redirect("approvals:delegations")


# -- chains ----------------------------------------------------------------------------


class ChainListView(PermissionRequiredMixin, TemplateView):
    """The school's approval chains, one per kind of document."""

    permission_required = CHAIN_PERMISSION
    template_name = "approvals/chain_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school = self.request.school
        if school is None:
            raise Http404
        for kind in known_kinds():
            chain_create_default(school=school, kind=kind)
        chains = chains_for(school)
        context["chains"] = [
            (kind_label(kind), chains[kind]) for kind in sorted(chains, key=str)
        ]
        return context


class ChainEditView(PermissionRequiredMixin, TemplateView):
    """Edit a chain's steps: order, who decides, amount band, collective."""

    permission_required = CHAIN_PERMISSION
    template_name = "approvals/chain_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.chain = get_object_or_404(
                ApprovalChain.objects.for_user(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        school_id = self.chain.school_id
        steps = [step_initial(step) for step in self.chain.steps.all()]
        formset = StepFormSet(data, initial=steps, prefix="steps", school_id=school_id)
        chain_form = ChainForm(
            data, initial={"allow_repeat_decider": self.chain.allow_repeat_decider}
        )
        return formset, chain_form

    def get_context_data(self, formset=None, chain_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if formset is None:
            formset, chain_form = self.forms()
        context.update(chain=self.chain, formset=formset, chain_form=chain_form)
        return context

    def post(self, request, pk):
        formset, chain_form = self.forms(request.POST)
        if formset.is_valid() and chain_form.is_valid():
            try:
                approval_chain_save(
                    chain=self.chain,
                    steps=formset.steps(),
                    allow_repeat_decider=chain_form.cleaned_data[
                        "allow_repeat_decider"
                    ],
                    by=request.user,
                )
            except ValidationError as error:
                self.add_errors(formset, error)
            else:
                messages.success(
                    request,
                    _("The chain for %(kind)s is saved.")
                    % {"kind": self.chain.kind_label},
                )
                return redirect("approvals:chain-list")
        return self.render_to_response(
            self.get_context_data(formset=formset, chain_form=chain_form)
        )

    @staticmethod
    def add_errors(formset, error):
        """The service's errors beside the steps they are about (by their place
        among the steps kept) or above them all."""
        kept = [
            form
            for form in formset.forms
            if form.cleaned_data and not formset._should_delete_form(form)
        ]
        messages_by_key = error.message_dict if hasattr(error, "error_dict") else {}
        if not messages_by_key:
            formset._non_form_errors = formset.error_class(error.messages)
            return
        general = []
        for key, messages_ in messages_by_key.items():
            if key.startswith("step-"):
                index = int(key.split("-", 1)[1])
                if index < len(kept):
                    for message in messages_:
                        kept[index].add_error(None, message)
                    continue
            general.extend(messages_)
        formset._non_form_errors = formset.error_class(general)
