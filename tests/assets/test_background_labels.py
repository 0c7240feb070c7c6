"""A large label sheet is printed by the background worker with the list's filters,
and its QR codes lead to the site the person asked from; a small one at once."""

import io

from django.urls import reverse

import pytest
from pypdf import PdfReader

from logistics.files import file_url
from logistics.jobs.models import BackgroundJob, JobStatus
from logistics.roles import Role

from ..factories import make_user
from ..qr_codes import qr_codes_in_pdf
from .factories import AssetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.LOGISTICS = {**settings.LOGISTICS, "BACKGROUND_LABELS": 2}


@pytest.fixture
def head(school):
    return make_user(school, Role.STAFF, Role.LOGISTICS_HEAD)


def test_a_large_sheet_is_printed_in_the_background_with_working_codes(
    school, location, head, client_for, django_capture_on_commit_callbacks
):
    assets = [
        AssetFactory(school=school, location=location, name=name)
        for name in ("台式计算机", "台式计算机", "台式计算机", "投影仪")
    ]
    client = client_for(head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("assets:labels"), {"q": "台式"})
    job = BackgroundJob.objects.get(owner=head, kind="assets.labels")
    assert (
        response.status_code == 302 and response["Location"] == job.get_absolute_url()
    )
    assert (job.status, job.total) == (JobStatus.DONE, 3)
    pdf = b"".join(client.get(file_url(job.result)).streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert all(asset.number in text for asset in assets[:3])
    assert assets[3].number not in text
    codes = {text for _page, text, _position in qr_codes_in_pdf(pdf)}
    assert f"http://testserver{assets[0].get_absolute_url()}" in codes


def test_a_small_sheet_is_printed_at_once(school, location, head, client_for):
    asset = AssetFactory(school=school, location=location)
    response = client_for(head).get(reverse("assets:labels"), {"ids": asset.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not BackgroundJob.objects.exists()
