"""A large export is prepared by the background worker with the list's filters;
a small one is answered at once."""

import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from logistics.files import file_url
from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.roles import Role
from repairs.models import RepairRequest
from tests.assets.factories import AssetFactory
from tests.repairs.factories import RepairRequestFactory

from ..factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def accountant(school):
    return make_user(school, Role.STAFF, Role.ACCOUNTANT)


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.LOGISTICS = {**settings.LOGISTICS, "BACKGROUND_EXPORT_ROWS": 2}


def workbook_of(client, job):
    response = client.get(file_url(job.result))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_a_large_asset_ledger_goes_to_the_background_with_its_filters(
    school, location, accountant, client_for, django_capture_on_commit_callbacks
):
    for name in ("台式计算机", "台式计算机", "投影仪", "台式计算机"):
        AssetFactory(school=school, location=location, name=name)
    client = client_for(accountant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assets:export"), {"q": "台式"})
    job = BackgroundJob.objects.get(owner=accountant)
    assert (
        response.status_code == 302 and response["Location"] == job.get_absolute_url()
    )
    assert (job.status, job.total) == (JobStatus.DONE, 3)
    sheet = workbook_of(client, job)
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names[:3] == ["台式计算机"] * 3 and "投影仪" not in names


def test_a_small_export_is_answered_at_once(school, location, accountant, client_for):
    AssetFactory(school=school, location=location)
    response = client_for(accountant).get(reverse("assets:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument"
    )
    assert not BackgroundJob.objects.exists()


def test_a_large_repair_ledger_goes_to_the_background(
    school, location, accountant, client_for, django_capture_on_commit_callbacks
):
    for _n in range(3):
        RepairRequestFactory(location=location, requester=accountant)
    client = client_for(accountant)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("repairs:export"), {"status": ""})
    job = BackgroundJob.objects.get(owner=accountant, kind="repairs.ledger_export")
    assert job.status == JobStatus.DONE
    numbers = {
        row[0]
        for row in workbook_of(client, job).iter_rows(min_row=4, values_only=True)
    }
    assert set(RepairRequest.objects.values_list("number", flat=True)) <= numbers


def test_someone_who_lost_the_role_gets_a_refusal_not_the_file(
    school, location, accountant, client_for, django_capture_on_commit_callbacks
):
    for _n in range(3):
        AssetFactory(school=school, location=location)
    client = client_for(accountant)
    client.get(reverse("assets:export"))  # queued, not run yet
    job = BackgroundJob.objects.get(owner=accountant)
    accountant.groups.clear()
    from logistics.jobs.services import job_run

    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result
