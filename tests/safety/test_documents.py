"""Safety rules and emergency plans: versions uploaded as PDFs, "I have read it"."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from safety.models import ReadConfirmation, SafetyDocument

from . import factories as f

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, f.PDF, content_type="application/pdf")


def test_the_head_uploads_versions_and_people_confirm_reading_the_current_one(
    school, head, staff, client_for
):
    client_for(head).post(
        reverse("safety:document-new"),
        {"kind": "plan", "title": "校园安全紧急预案", "file": pdf()},
    )
    document = SafetyDocument.objects.get()
    client_for(staff).post(reverse("safety:document-read", args=[document.pk]))
    client_for(staff).post(reverse("safety:document-read", args=[document.pk]))
    assert ReadConfirmation.objects.filter(person=staff).count() == 1
    client_for(head).post(
        reverse("safety:document-upload", args=[document.pk]),
        {"file": pdf("v2.pdf"), "note": "更新联系人"},
    )
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    page = client_for(staff).get(document.get_absolute_url())
    assert page.context["current"].number == 2 and not page.context["read_it"]
    client_for(staff).post(reverse("safety:document-read", args=[document.pk]))
    page = client_for(staff).get(document.get_absolute_url())
    assert page.context["read_it"]


def test_only_pdf_files_are_accepted(school, head, client_for):
    fake = SimpleUploadedFile("plan.pdf", b"<html>not a pdf</html>")
    client_for(head).post(
        reverse("safety:document-new"), {"kind": "plan", "title": "预案", "file": fake}
    )
    assert not SafetyDocument.objects.exists()


def test_staff_cannot_upload(school, head, staff, client_for):
    document = f.document(school, head)
    response = client_for(staff).post(
        reverse("safety:document-upload", args=[document.pk]), {"file": pdf()}
    )
    assert response.status_code == 403
    assert document.versions.count() == 1
