"""A large import is checked and written by the background worker, all rows or
none, and the person gets a notice and a report of every row; a small file still
gets the page's preview."""

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from assets.models import Asset
from logistics.files import file_url
from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.models import Notification

from .test_import import preview, row, xlsx

pytestmark = pytest.mark.django_db
IMPORT = reverse("assets:import")


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.LOGISTICS = {**settings.LOGISTICS, "BACKGROUND_IMPORT_ROWS": 2}


def upload(client, rows, capture):
    with capture(execute=True):
        return client.post(IMPORT, {"file": xlsx(rows)})


def report_of(client, job):
    data = b"".join(client.get(file_url(job.result)).streaming_content)
    import io

    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in r] for r in sheet.iter_rows(min_row=4)]


def test_a_large_file_is_imported_in_the_background_with_a_notice_and_a_report(
    client_for, accountant, school, django_capture_on_commit_callbacks
):
    client = client_for(accountant)
    rows = [row(f"JX-{n:04d}") for n in range(3)]
    response = upload(client, rows, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get(owner=accountant, kind="assets.import")
    assert (
        response.status_code == 302 and response["Location"] == job.get_absolute_url()
    )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.total == 3
    assert "导入完成：新增 3 项，修改 0 项，未变 0 项。" in job.title
    assert set(
        Asset.objects.filter(school=school).values_list("number", flat=True)
    ) >= {
        "JX-0000",
        "JX-0001",
        "JX-0002",
    }
    assert (
        Asset.objects.get(number="JX-0001").history.first().history_user == accountant
    )
    notice = Notification.objects.get(recipient=accountant, url=job.get_absolute_url())
    assert "导入完成：新增 3 项" in notice.title
    lines = report_of(client, job)
    assert sorted(line[0] for line in lines) == [2, 3, 4]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "导入" in page


def test_a_large_file_with_a_wrong_row_imports_nothing_and_reports_the_row(
    client_for, accountant, school, django_capture_on_commit_callbacks
):
    client = client_for(accountant)
    rows = [row("JX-0001"), row("JX-0002", code="9999999"), row("JX-0003")]
    upload(client, rows, django_capture_on_commit_callbacks)
    job = BackgroundJob.objects.get(owner=accountant, kind="assets.import")
    assert job.status == JobStatus.DONE
    assert "未导入任何数据：有 1 行有错误" in job.title
    assert not Asset.objects.filter(number__startswith="JX-").exists()
    lines = report_of(client, job)
    wrong = [line for line in lines if line[0] == 3]
    assert wrong and wrong[0][2]  # the row's problem, in words
    assert lines[0][0] == 3  # wrong rows first


def test_the_kept_file_is_gone_after_the_job(
    client_for, accountant, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    client = client_for(accountant)
    upload(
        client,
        [row(f"JX-{n:04d}") for n in range(3)],
        django_capture_on_commit_callbacks,
    )
    job = BackgroundJob.objects.get(owner=accountant, kind="assets.import")
    assert not default_storage.exists(job.params["name"])


def test_a_small_file_still_gets_the_preview(client_for, accountant):
    response = preview(client_for(accountant), [row("JX-0001")])
    assert response.status_code == 200 and response.context["preview"]
    assert not BackgroundJob.objects.exists()
    assert not Asset.objects.filter(number="JX-0001").exists()
