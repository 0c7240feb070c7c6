"""Starting and running background jobs; apps register what each kind does.

An app registers a kind once (``registry.add_job_kind``) with a handler
``handler(job=…, progress=…) -> JobFile``; a view calls ``job_start`` and sends the
person to the job's page. The task worker calls ``job_run``: it claims the job
once (a worker restarted mid-way never runs it twice), stores the file privately
and tells the person it is ready, or why it failed.
"""

import datetime
import logging
import os
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..notifications import notify
from ..registry import registry
from ..scoping import school_id_of
from .models import BackgroundJob, JobStatus

logger = logging.getLogger(__name__)


@dataclass
class JobFile:
    """What a handler made: the name the person downloads and a local file path
    (removed once stored)."""

    name: str
    path: str


class Progress:
    """Called by a handler as it goes; writes to the job at most once a second."""

    def __init__(self, job, interval=1.0):
        self.job, self.interval, self._last = job, interval, 0.0

    def __call__(self, done, total=None):
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        fields = {"done": done}
        if total is not None:
            fields["total"] = total
        BackgroundJob.objects.filter(pk=self.job.pk).update(**fields)


# Jobs one person may have waiting or running at once: a link followed again and
# again (or planted in another site's page) cannot fill the queue.
MAX_UNFINISHED_JOBS = 5
# A job unfinished after this long was lost (its worker was killed mid-way, the
# queue lost it): it no longer stands for a new request nor counts against them.
LIVELY = datetime.timedelta(hours=1)


def job_start(*, user, kind, title, params=None, total=0):
    """Queue ``kind`` for ``user``; the worker picks it up after this commits.

    The same request again (kind and parameters) while the first is unfinished
    returns that job, so following an export link twice prepares one file; a
    person with ``MAX_UNFINISHED_JOBS`` unfinished jobs is refused another
    (ValidationError) until one ends. A job older than ``LIVELY`` counts as lost
    for both."""
    from .tasks import run_background_job

    if kind not in registry.job_kinds:
        raise ValueError(f"no installed app runs jobs of kind {kind!r}")
    params = params or {}
    unfinished = BackgroundJob.objects.filter(
        owner=user,
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        created_at__gt=timezone.now() - LIVELY,
    )
    for job in unfinished.filter(kind=kind).order_by("-pk"):
        if job.params == params:
            return job
    if unfinished.count() >= MAX_UNFINISHED_JOBS:
        raise ValidationError(
            _(
                "You already have %(count)s files being prepared. Wait until one "
                "is ready, then ask again."
            )
            % {"count": MAX_UNFINISHED_JOBS},
            code="too_many_jobs",
        )
    job = BackgroundJob.objects.create(
        school_id=school_id_of(user),
        owner=user,
        kind=kind,
        title=title[:200],
        params=params,
        total=total,
    )
    transaction.on_commit(lambda: run_background_job.enqueue(job.pk))
    return job


def job_run(*, job_id):
    """Run one queued job to its end; a job already claimed is left alone."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    try:
        made = registry.job_kinds[job.kind](job=job, progress=Progress(job))
        with open(made.path, "rb") as handle:
            job.result.save(os.path.basename(made.name), File(handle), save=False)
        os.remove(made.path)
    except Exception as error:  # the person must hear of any failure
        if isinstance(error, ValidationError):
            reason = " ".join(error.messages)
        else:
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            reason = _("An unexpected error stopped it; the administrator can see why.")
        job.status, job.error = JobStatus.FAILED, reason[:500]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        notify(
            recipients=[job.owner],
            title=lambda: _("Could not finish: %(title)s") % {"title": job.title},
            body=lambda: job.error,
            url=job.get_absolute_url(),
            private=True,
        )
        return job
    job.result_name = made.name[:200]
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    job.done = max(job.done, job.total)
    job.save(update_fields=["result", "result_name", "status", "finished_at", "done"])
    notify(
        recipients=[job.owner],
        title=lambda: _("Ready to download: %(title)s") % {"title": job.title},
        url=job.get_absolute_url(),
        private=True,
    )
    return job
