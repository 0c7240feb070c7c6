"""A person's background jobs: their progress, and the file when it is ready."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from .models import BackgroundJob
from .services import job_start


def in_background(request, *, kind, title, params, total):
    """Queue the work and send the person to its page (they may leave it); back
    to where they came from, saying why, when they have too many waiting."""
    try:
        job = job_start(
            user=request.user, kind=kind, title=title, params=params, total=total
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("job-list")
    messages.info(
        request,
        _(
            "This is large, so it is being prepared in the background. You may "
            "leave this page: a notice will bring you back when it is ready."
        ),
    )
    return redirect(job)


class JobListView(ListView):
    template_name = "logistics/job_list.html"
    paginate_by = 30

    def get_queryset(self):
        return BackgroundJob.objects.of(self.request.user)


class JobDetailView(DetailView):
    template_name = "logistics/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return BackgroundJob.objects.of(self.request.user)


class JobStatusView(View):
    """The job's progress as JSON, polled by its page."""

    def get(self, request, pk):
        job = get_object_or_404(BackgroundJob.objects.of(request.user), pk=pk)
        return JsonResponse(
            {
                "status": job.status,
                "label": job.get_status_display(),
                "percent": job.percent,
                "done": job.done,
                "total": job.total,
                "finished": job.is_finished,
            }
        )
