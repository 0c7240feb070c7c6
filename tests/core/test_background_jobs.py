"""Background jobs: queued, run once by the worker, the file handed only to its owner."""

import tempfile

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

import pytest

from logistics.files import file_url
from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.jobs.services import JobFile, job_run, job_start
from logistics.models import Notification
from logistics.registry import registry
from logistics.roles import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db


def write_rows(*, job, progress):
    rows = job.params["rows"]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as out:
        for n in range(rows):
            out.write(f"{n}\n")
            progress(n + 1, rows)
    return JobFile(name="行.csv", path=out.name)


def refuse(*, job, progress):
    raise ValidationError("太多了")


def crash(*, job, progress):
    raise RuntimeError("bug")


@pytest.fixture(autouse=True)
def kinds(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    registry.add_job_kind("test.rows", write_rows)
    registry.add_job_kind("test.refuse", refuse)
    registry.add_job_kind("test.crash", crash)
    yield
    for kind in ("test.rows", "test.refuse", "test.crash"):
        registry.job_kinds.pop(kind, None)


def test_a_job_runs_after_commit_and_its_owner_downloads_the_file(
    school, client_for, django_capture_on_commit_callbacks
):
    owner = make_user(school, Role.ACCOUNTANT)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 3})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100
    notice = Notification.objects.get(recipient=owner)
    assert notice.url == job.get_absolute_url()
    page = client_for(owner).get(job.get_absolute_url()).content.decode()
    url = file_url(job.result)
    assert url in page
    response = client_for(owner).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"0\n1\n2\n"
    assert "attachment" in response["Content-Disposition"]


def test_nobody_else_sees_or_downloads_a_job(school, other_school, client_for):
    owner = make_user(school, Role.ACCOUNTANT)
    job = job_start(
        user=owner, kind="test.rows", title="会计的台账", params={"rows": 1}
    )
    job_run(job_id=job.pk)
    for other in (make_user(school, Role.LOGISTICS_HEAD), make_user(other_school)):
        client = client_for(other)
        for name in ("job-detail", "job-status"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        job.refresh_from_db()
        assert client.get(file_url(job.result)).status_code == 404
        assert job.title not in client.get(reverse("job-list")).content.decode()


def test_a_job_is_run_once_even_if_the_worker_is_asked_twice(
    school, django_capture_on_commit_callbacks
):
    owner = make_user(school)
    job = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 2})
    with django_capture_on_commit_callbacks(execute=True):
        assert job_run(job_id=job.pk) is not None
        assert job_run(job_id=job.pk) is None
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_a_refused_job_says_why_and_a_crash_says_it_failed(school, client_for):
    owner = make_user(school)
    refused = job_start(user=owner, kind="test.refuse", title="甲")
    crashed = job_start(user=owner, kind="test.crash", title="乙")
    job_run(job_id=refused.pk)
    job_run(job_id=crashed.pk)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.error) == (JobStatus.FAILED, "太多了")
    assert crashed.status == JobStatus.FAILED and "bug" not in crashed.error
    page = client_for(owner).get(refused.get_absolute_url()).content.decode()
    assert "太多了" in page
    assert not refused.result


def test_the_status_is_polled_as_json(school, client_for):
    owner = make_user(school)
    job = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 1})
    state = client_for(owner).get(reverse("job-status", args=[job.pk])).json()
    assert state["status"] == "queued" and state["finished"] is False


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_run_a_job(school):
    owner = make_user(school)
    job = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 5})
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result_name == "行.csv"


def test_the_same_request_while_its_job_is_unfinished_is_that_job(school):
    owner = make_user(school, Role.ACCOUNTANT)
    first = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 3})

    assert (
        job_start(user=owner, kind="test.rows", title="导出", params={"rows": 3})
        == first
    )
    other = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 4})
    assert other != first
    BackgroundJob.objects.filter(pk=first.pk).update(status=JobStatus.DONE)
    again = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 3})
    assert again not in (first, other)
    # Someone else's identical request is their own job.
    colleague = make_user(school, Role.ACCOUNTANT)
    theirs = job_start(
        user=colleague, kind="test.rows", title="导出", params={"rows": 4}
    )
    assert theirs != other and theirs.owner == colleague


def test_a_person_with_five_unfinished_jobs_is_refused_a_sixth_until_one_ends(school):
    owner = make_user(school, Role.ACCOUNTANT)
    jobs = [
        job_start(user=owner, kind="test.rows", title="导出", params={"rows": n})
        for n in range(5)
    ]
    with pytest.raises(ValidationError) as error:
        job_start(user=owner, kind="test.rows", title="导出", params={"rows": 99})
    assert error.value.code == "too_many_jobs"
    assert BackgroundJob.objects.filter(owner=owner).count() == 5

    BackgroundJob.objects.filter(pk=jobs[0].pk).update(status=JobStatus.FAILED)
    job_start(user=owner, kind="test.rows", title="导出", params={"rows": 99})
    assert BackgroundJob.objects.filter(owner=owner).count() == 6


def test_an_export_link_followed_again_and_again_queues_one_job(
    school, client_for, settings
):
    """A large export's link starts a job; followed again (or planted in another
    site's page), it leads to the same job, and a flood of different ones stops
    at five with a message."""
    from ..factories import LocationFactory
    from ..repairs.factories import RepairRequestFactory

    settings.LOGISTICS = {**settings.LOGISTICS, "BACKGROUND_EXPORT_ROWS": 0}
    RepairRequestFactory(
        location=LocationFactory(building__campus__school=school),
        requester=make_user(school, Role.STAFF),
    )
    accountant = make_user(school, Role.ACCOUNTANT)
    client = client_for(accountant)
    url = reverse("repairs:export")

    first = client.get(url, {"q": "灯"})
    second = client.get(url, {"q": "灯"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert BackgroundJob.objects.filter(owner=accountant).count() == 1

    for n in range(10):
        client.get(url, {"q": "灯", "n": n})
    assert BackgroundJob.objects.filter(owner=accountant).count() == 5
    refused = client.get(url, {"q": "灯", "n": "另一个"}, follow=True)
    assert refused.redirect_chain[-1][0] == reverse("job-list")
    assert "已有 5 个文件正在准备" in refused.content.decode()


def test_a_job_lost_an_hour_ago_neither_stands_for_a_new_one_nor_blocks_it(school):
    """A worker killed mid-job leaves it "running" for ever: after an hour it is
    taken for lost, so the same link prepares the file again and five lost jobs
    do not stop the person's exports."""
    import datetime

    from django.utils import timezone

    owner = make_user(school, Role.ACCOUNTANT)
    lost = [
        job_start(user=owner, kind="test.rows", title="导出", params={"rows": n})
        for n in range(5)
    ]
    BackgroundJob.objects.filter(pk__in=[job.pk for job in lost]).update(
        status=JobStatus.RUNNING,
        created_at=timezone.now() - datetime.timedelta(hours=2),
    )

    again = job_start(user=owner, kind="test.rows", title="导出", params={"rows": 0})
    assert again not in lost
    job_start(user=owner, kind="test.rows", title="导出", params={"rows": 99})
