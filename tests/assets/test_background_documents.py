"""A stocktake report with more discrepancies than a web request should print is
rendered by the background worker; a short one at once."""

import io

from django.urls import reverse

import pytest
from pypdf import PdfReader

from assets import services
from logistics.files import file_url
from logistics.jobs.models import BackgroundJob, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocktake(head, ledger, school):
    taken = services.stocktake_open(school=school, by=head, name="期末盘点")
    for line in taken.lines.select_related("asset"):
        services.stocktake_mark(line=line, by=head, result="missing")
    return taken


def test_a_long_report_is_printed_in_the_background(
    client_for, head, ledger, stocktake, settings, django_capture_on_commit_callbacks
):
    settings.LOGISTICS = {**settings.LOGISTICS, "BACKGROUND_PDF_ROWS": 2}
    client = client_for(head)
    url = reverse("assets:stocktake-report-pdf", args=[stocktake.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = BackgroundJob.objects.get(owner=head, kind="assets.stocktake_report")
    assert (
        response.status_code == 302 and response["Location"] == job.get_absolute_url()
    )
    job.refresh_from_db()
    assert (job.status, job.total) == (JobStatus.DONE, 5)
    pdf = b"".join(client.get(file_url(job.result)).streaming_content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert all(asset.number in text for asset in ledger["assets"].values())


def test_a_short_report_is_printed_at_once(client_for, head, stocktake):
    response = client_for(head).get(
        reverse("assets:stocktake-report-pdf", args=[stocktake.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not BackgroundJob.objects.exists()


def test_the_job_refuses_someone_who_may_no_longer_see_the_stocktake(
    head, stocktake, other_school
):
    from django.core.exceptions import ValidationError

    from assets.views import stocktake_report_for_job

    job = BackgroundJob(owner=head, params={"stocktake": stocktake.pk})
    assert stocktake_report_for_job(job)[2] == "期末盘点.pdf"
    job.params = {"stocktake": stocktake.pk + 1000}
    with pytest.raises(ValidationError):
        stocktake_report_for_job(job)
