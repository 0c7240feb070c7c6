"""Background jobs: work a person asked for that runs outside the web worker."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..scoping import SchoolQuerySet, SchoolScopedModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("background job", "Waiting")
    RUNNING = "running", pgettext_lazy("background job", "Running")
    DONE = "done", pgettext_lazy("background job", "Ready")
    FAILED = "failed", pgettext_lazy("background job", "Failed")


JOB_FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED})


class BackgroundJobQuerySet(SchoolQuerySet):
    def of(self, user):
        """The jobs a person asked for (nobody sees another person's files)."""
        return self.for_user(user).filter(owner_id=user.pk)


class BackgroundJob(SchoolScopedModel):
    """One piece of work run by the task worker: what, for whom, how far, the file.

    The file it makes is stored privately and handed only to the person who asked.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=pgettext_lazy("background job", "requested by"),
    )
    kind = models.CharField(pgettext_lazy("background job", "kind"), max_length=60)
    title = models.CharField(pgettext_lazy("background job", "title"), max_length=200)
    params = models.JSONField(
        pgettext_lazy("background job", "parameters"), default=dict, blank=True
    )
    status = models.CharField(
        pgettext_lazy("background job", "status"),
        max_length=10,
        choices=JobStatus.choices,
        default=JobStatus.QUEUED,
    )
    done = models.PositiveIntegerField(
        pgettext_lazy("background job", "done"), default=0
    )
    total = models.PositiveIntegerField(
        pgettext_lazy("background job", "total"), default=0
    )
    result = models.FileField(
        pgettext_lazy("background job", "file"),
        upload_to="private/jobs/%Y/%m/",
        blank=True,
    )
    result_name = models.CharField(
        pgettext_lazy("background job", "file name"), max_length=200, blank=True
    )
    error = models.CharField(
        pgettext_lazy("background job", "error"), max_length=500, blank=True
    )
    created_at = models.DateTimeField(
        pgettext_lazy("background job", "created"), default=timezone.now
    )
    started_at = models.DateTimeField(
        pgettext_lazy("background job", "started"), null=True, blank=True
    )
    finished_at = models.DateTimeField(
        pgettext_lazy("background job", "finished"), null=True, blank=True
    )

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values),
                name="backgroundjob_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("job-detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in JOB_FINISHED

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(self.done * 100 / self.total))
