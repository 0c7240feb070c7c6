"""Exports of a list: answered at once when small, prepared in the background when
large, so a 100,000-row ledger never holds a web worker.

An export view mixes in ``BackgroundExportMixin``, names its ``job_kind`` and
``job_title`` and returns the workbook's description from ``export_kwargs``
(``filename`` plus ``logistics.excel.write_xlsx``'s keywords). The app registers
the kind once: ``registry.add_job_kind(kind, export_job(ViewClass))``. The worker
then builds the same view for the person who asked, with the same filters, and
writes the same workbook.
"""

import tempfile

from django.conf import settings
from django.http import HttpRequest, QueryDict

from ..excel import write_xlsx, xlsx_response
from ..models import School
from .services import JobFile
from .views import in_background


def background_threshold():
    return settings.LOGISTICS.get("BACKGROUND_EXPORT_ROWS", 5000)


class BackgroundExportMixin:
    """For a FilterView export: the page's filtered rows as .xlsx, now or later."""

    job_kind = ""
    job_title = ""

    def export_kwargs(self, queryset):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        queryset = self.filtered_queryset()
        total = queryset.count()
        if total > background_threshold():
            return in_background(
                request,
                kind=self.job_kind,
                title=str(self.job_title),
                params={"query": request.GET.urlencode()},
                total=total,
            )
        return xlsx_response(**self.export_kwargs(queryset))


def _counted(rows, progress, total):
    for done, row in enumerate(rows, 1):
        if done % 500 == 0:
            progress(done, total)
        yield row


def view_as_owner(view_class, job):
    """The list view as the job's owner saw it: their school, their filters; refused
    if they lost the permission since they asked."""
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.params.get("query", ""))
    request.user = job.owner
    request.school_id = job.school_id
    request.school = School.objects.get(pk=job.school_id)
    view = view_class()
    view.setup(request)
    if not view.has_permission():
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError(_("You may no longer export this list."))
    return view


def export_job(view_class):
    """The handler of an export's background job: the view, as its owner saw it."""

    def handler(*, job, progress):
        view = view_as_owner(view_class, job)
        queryset = view.filtered_queryset()
        described = view.export_kwargs(queryset)
        filename = described.pop("filename")
        described["rows"] = _counted(described["rows"], progress, job.total)
        with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as out:
            write_xlsx(out, **described)
        return JobFile(name=filename, path=out.name)

    return handler
