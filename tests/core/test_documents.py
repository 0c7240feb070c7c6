"""Uploaded documents are known by their content: a file that is not what the
field takes is refused, and one that is keeps a name that says what it is."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest

from logistics.documents import (
    OFD,
    OFFICE,
    PDF,
    PHOTO,
    accept,
    check_document,
    document_format,
)

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"
HTML = b"<html><script>alert(document.domain)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
EVERY_KIND = (PDF, OFFICE, OFD, PHOTO)


def zipped(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name.replace("__", "/"), text)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "content, found",
    [
        (PDF_BYTES, (PDF, ".pdf")),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", (OFFICE, ".doc")),
        (
            zipped(**{"[Content_Types].xml": "", "word__document.xml": ""}),
            (OFFICE, ".docx"),
        ),
        (
            zipped(**{"[Content_Types].xml": "", "xl__workbook.xml": ""}),
            (OFFICE, ".xlsx"),
        ),
        (
            zipped(
                mimetype="application/vnd.oasis.opendocument.text",
                **{"content.xml": ""},
            ),
            (OFFICE, ".odt"),
        ),
        (zipped(**{"OFD.xml": "", "Doc_0__Document.xml": ""}), (OFD, ".ofd")),
        (b"\xff\xd8\xff\xe0JFIF", (PHOTO, ".jpg")),
        (b"\x89PNG\r\n\x1a\n....", (PHOTO, ".png")),
        (HTML, (None, None)),
        (SVG, (None, None)),
        (zipped(**{"evil.html": HTML.decode()}), (None, None)),
        (b"PK\x03\x04 not really a zip", (None, None)),
        (b"", (None, None)),
    ],
)
def test_a_document_is_known_by_its_content(content, found):
    assert document_format(upload("whatever.bin", content)) == found


@pytest.mark.parametrize("name", ["quote.pdf", "minutes.docx", "photo.jpg", "x.ofd"])
@pytest.mark.parametrize("content", [HTML, SVG, b"MZ\x90\x00 a program"])
def test_a_file_that_is_none_of_the_kinds_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        check_document(upload(name, content), kinds=EVERY_KIND, max_bytes=10_000)
    assert error.value.code == "file_type"


def test_a_document_of_a_kind_the_field_does_not_take_is_refused():
    with pytest.raises(ValidationError) as error:
        check_document(
            upload("scan.png", b"\x89PNG\r\n\x1a\n"), kinds=(PDF,), max_bytes=99
        )
    assert error.value.code == "file_type"


@pytest.mark.parametrize(
    "name, content, kept_as",
    [
        ("x.html", PDF_BYTES, "x.pdf"),
        ("x.svg", PDF_BYTES, "x.pdf"),
        ("试卷", PDF_BYTES, "试卷.pdf"),
        (
            "report.pdf",
            zipped(**{"[Content_Types].xml": "", "word__d.xml": ""}),
            "report.docx",
        ),
        ("Scan.PDF", PDF_BYTES, "Scan.PDF"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0", "photo.jpeg"),
    ],
)
def test_a_document_is_kept_under_the_extension_its_content_calls_for(
    name, content, kept_as
):
    checked = check_document(upload(name, content), kinds=EVERY_KIND, max_bytes=10_000)
    assert checked.name == kept_as


def test_a_document_too_large_is_refused_with_the_limit_in_the_page_language():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        check_document(upload("a.pdf", PDF_BYTES * 10), kinds=(PDF,), max_bytes=20)
    assert error.value.code == "file_size"
    assert "文件" in error.value.messages[0]


def test_the_refusal_names_the_file_and_what_may_be_uploaded_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        check_document(upload("报价.pdf", HTML), kinds=(PDF, OFFICE), max_bytes=10_000)
    message = error.value.messages[0]
    assert "报价.pdf" in message and "PDF" in message and "Word" in message


def test_a_file_input_accepts_the_extensions_of_its_kinds():
    assert accept(PDF, OFD) == ".pdf,.ofd"


@pytest.mark.django_db
def test_a_quotation_that_is_a_web_page_named_pdf_is_not_attached(school, client_for):
    from logistics.roles import Role

    from ..factories import make_user
    from ..procurement.factories import budget_line, draft

    staff = make_user(school, Role.STAFF)
    purchase = draft(staff, line_of=budget_line(school))
    response = client_for(staff).post(
        reverse("procurement:attach", args=[purchase.pk]),
        {"attach-kind": "quote", "attach-file": upload("quote.pdf", HTML)},
    )

    assert response.status_code in (200, 302)
    assert purchase.attachments.count() == 0


@pytest.mark.django_db
def test_a_print_original_that_is_a_pdf_named_html_is_stored_as_a_pdf(
    school, client_for
):
    from django.utils import timezone

    from logistics.roles import Role
    from supplies.models import PrintJob

    from ..factories import make_user

    staff = make_user(school, Role.STAFF)
    response = client_for(staff).post(
        reverse("supplies:printjob-create"),
        {
            "title": "期中数学试卷",
            "original": upload("paper.html", PDF_BYTES),
            "pages": 2,
            "copies": 40,
            "sides": 2,
            "paper_size": "A4",
            "purpose": "teaching",
            "wanted_by": (timezone.localtime() + timezone.timedelta(days=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    job = PrintJob.objects.get()
    assert job.original.name.endswith("paper.pdf")


def test_an_opendocument_whose_type_entry_unpacks_to_megabytes_is_refused_unread():
    """A few kilobytes that would unpack into a huge "mimetype" entry: refused
    from the entry's declared size, never unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"\0" * (20 * 1024 * 1024))
        archive.writestr("content.xml", "")
    assert len(buffer.getvalue()) < 100_000

    assert document_format(upload("bomb.odt", buffer.getvalue())) == (None, None)
    with pytest.raises(ValidationError):
        check_document(
            upload("bomb.odt", buffer.getvalue()), kinds=EVERY_KIND, max_bytes=10**6
        )
