"""A person's notice preferences, and the administrator's outbox."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from ..views import error_text
from .delivery import outbox_resend
from .forms import NoticePreferencesForm
from .models import OUTBOX_VIEWS, OutboxMessage, OutboxView, Robot
from .preferences import notice_preferences_set, preference_of


class NoticePreferencesView(FormView):
    """How the signed-in person wants their notices outside the site."""

    template_name = "logistics/notice_preferences.html"
    form_class = NoticePreferencesForm

    def get_form_kwargs(self):
        if self.request.school is None:
            raise Http404
        return {
            **super().get_form_kwargs(),
            "preference": preference_of(self.request.user),
        }

    def form_valid(self, form):
        try:
            notice_preferences_set(
                user=self.request.user,
                modes=form.modes(),
                digest_time=form.cleaned_data["digest_time"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your notice preferences were saved."))
        return redirect("notice-preferences")


class OutboxListView(PermissionRequiredMixin, ListView):
    """The school's outbox: sent, waiting or failed, newest first."""

    permission_required = "logistics.view_outboxmessage"
    template_name = "logistics/outbox.html"
    paginate_by = 50

    def shown(self):
        value = self.request.GET.get("show", OutboxView.FAILED)
        return value if value in OutboxView.values else OutboxView.FAILED

    def get_queryset(self):
        return (
            OutboxMessage.objects.for_user(self.request.user)
            .shown()
            .filter(status__in=OUTBOX_VIEWS[self.shown()])
            .select_related("recipient__profile", "robot")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = OutboxMessage.objects.for_user(self.request.user).shown()
        context["tabs"] = [
            {
                "value": view.value,
                "label": view.label,
                "count": mine.filter(status__in=OUTBOX_VIEWS[view]).count(),
                "active": view == self.shown(),
            }
            for view in OutboxView
        ]
        context["robots"] = Robot.objects.for_user(self.request.user).select_related(
            "department"
        )
        context["may_resend"] = self.request.user.has_perm(
            "logistics.resend_outboxmessage"
        )
        return context


class OutboxResendView(PermissionRequiredMixin, View):
    permission_required = "logistics.resend_outboxmessage"
    http_method_names = ["post"]

    def post(self, request, pk):
        message = get_object_or_404(
            OutboxMessage.objects.for_user(request.user).shown(), pk=pk
        )
        try:
            outbox_resend(message=message, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The notice will be sent again."))
        return redirect(reverse("outbox") + "?show=failed")
