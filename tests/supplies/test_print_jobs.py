"""Print jobs (文印): upload checked by content, the chain decides, the print room
prints and the paper leaves the stock by itself."""

import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from logistics.documents import OFFICE, PDF, check_document
from logistics.models import SchoolRule
from supplies import services_docs as docs
from supplies.choices import PrintStatus
from supplies.models import PrintJob

from .factories import stocked

pytestmark = pytest.mark.django_db
P = PrintStatus


def pdf_upload(name="paper.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def docx_upload():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("a.docx", buffer.getvalue())


def submit(user, **kwargs):
    values = dict(
        title="期中数学试卷",
        original=pdf_upload(),
        pages=5,
        copies=40,
        sides=2,
        paper_size="A4",
        purpose="exam",
        confidential=True,
        wanted_by=timezone.now() + timezone.timedelta(days=2),
    )
    values.update(kwargs)
    return docs.printjob_create(by=user, **values)


def test_sheets_are_pages_over_sides_times_copies():
    assert PrintJob.sheets_for(5, 40, 2) == 120
    assert PrintJob.sheets_for(5, 40, 1) == 200


def test_print_job_from_upload_to_done_issues_the_paper(staff, head, printer, a4):
    job = submit(staff)
    assert job.status == P.SUBMITTED and job.sheets == 120
    docs.printjob_approve(job=job, by=head)
    job.refresh_from_db()
    assert job.status == P.APPROVED
    docs.printjob_done(job=job, by=printer)
    job.refresh_from_db()
    a4.refresh_from_db()
    assert job.status == P.DONE and job.movement.quantity == -120
    assert a4.on_hand == 4880
    assert job.movement.source_label == job.number


def test_only_the_print_room_marks_done(staff, head, keeper, a4):
    job = submit(staff)
    docs.printjob_approve(job=job, by=head)
    with pytest.raises(ValidationError):
        docs.printjob_done(job=job, by=staff)


def test_small_jobs_need_no_decision_when_the_school_says_so(school, staff, a4):
    SchoolRule.objects.create(
        school=school, key="supplies.PRINT_FREE_BELOW_SHEETS", value=50
    )
    job = submit(staff, pages=2, copies=10, sides=1)
    assert job.status == P.APPROVED
    job = submit(staff, pages=20, copies=10, sides=1)
    assert job.status == P.SUBMITTED


def test_confidential_exam_paper_only_for_requester_and_print_room(
    staff, head, printer, people
):
    job = submit(staff)
    assert list(PrintJob.objects.visible_to(staff)) == [job]
    assert list(PrintJob.objects.visible_to(printer)) == [job]
    assert list(PrintJob.objects.visible_to(head)) == []
    open_job = submit(staff, purpose="teaching", confidential=False)
    assert list(PrintJob.objects.visible_to(head)) == [open_job]
    assert list(PrintJob.objects.visible_to(people["technician"])) == []


def test_upload_is_checked_by_content_and_size():
    kinds = (PDF, OFFICE)
    assert check_document(pdf_upload(), kinds=kinds, max_bytes=1000)
    assert check_document(docx_upload(), kinds=kinds, max_bytes=10000)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError):
        check_document(fake, kinds=kinds, max_bytes=1000)
    with pytest.raises(ValidationError):
        check_document(pdf_upload(), kinds=kinds, max_bytes=5)


def test_done_without_enough_paper_is_refused(school, staff, head, printer, keeper):
    stocked(school, keeper, quantity=10, name="A4纸", unit="张", paper_size="A4")
    job = submit(staff)
    docs.printjob_approve(job=job, by=head)
    with pytest.raises(ValidationError) as error:
        docs.printjob_done(job=job, by=printer)
    assert error.value.code == "not_enough_stock"
    job.refresh_from_db()
    assert job.status == P.APPROVED


def test_paper_use_counts_sheets_by_department_and_year(staff, head, printer, a4):
    from supplies.selectors import paper_use

    job = submit(staff)
    docs.printjob_approve(job=job, by=head)
    docs.printjob_done(job=job, by=printer)
    year = timezone.localdate().year
    use = paper_use(head, year)
    assert sum(v for per in use.values() for v in per.values()) == 120
    assert Decimal(0) == 0
