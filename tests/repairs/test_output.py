"""Printed and exported records: the work order PDF, the QR sheet, the Excel ledger."""

import io

from django.urls import reverse

import lxml.html
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from repairs import services
from repairs.choices import RepairStatus
from repairs.models import RepairPhoto

from .factories import RepairRequestFactory, image_upload

pytestmark = pytest.mark.django_db


def pdf_text_and_fonts(data):
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descendant.get_object().get("/FontDescriptor").get_object()
                if any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    fonts.add(str(descriptor.get("/FontName")))
    return text, fonts


def test_work_order_pdf_has_the_request_work_parts_and_a_cjk_font(
    client_for, done, staff, technician
):
    services.repair_request_confirm(repair=done, rating=5, by=staff)
    response = client_for(staff).get(reverse("repairs:work-order", args=[done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text_and_fonts(response.content)
    assert done.number in text
    assert "后排两根灯管不亮" in text and "更换灯管两根" in text
    assert any("CJK" in name for name in fonts), fonts


def test_work_order_of_someone_elses_request_is_404(client_for, people, done):
    response = client_for(people["storekeeper"]).get(
        reverse("repairs:work-order", args=[done.pk])
    )
    assert response.status_code == 404


def test_qr_sheet_has_room_codes(client_for, head, location):
    response = client_for(head).get(reverse("repairs:qr-sheet"))
    assert response.status_code == 200
    text, _fonts = pdf_text_and_fonts(response.content)
    assert location.code in text


def test_export_reads_back_and_honours_filters(
    client_for, head, accountant, done, staff
):
    from repairs.models import RepairRequest

    other = RepairRequestFactory(
        location=done.location,
        requester=staff,
        category="water",
        status=RepairStatus.SUBMITTED,
    )
    done.parts.create(
        school=done.school,
        name="LED灯管",
        quantity=2,
        unit="根",
        added_by=done.technician,
    )
    for user in (head, accountant):
        response = client_for(user).get(
            reverse("repairs:export") + "?category=lighting"
        )
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = workbook.active
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert len(rows) == 1
        row = rows[0]
        assert row[0] == done.number
        assert row[2] == done.location.code
        assert row[15] == "LED灯管×2根"
        assert float(row[17]) == 30.0  # cost
        assert float(row[16]) == 1.5  # hours
    assert RepairRequest.objects.filter(pk=other.pk).exists()


def test_export_without_filters_holds_every_request(client_for, head, done, staff):
    other = RepairRequestFactory(location=done.location, requester=staff)
    response = client_for(head).get(reverse("repairs:export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert numbers == {done.number, other.number}
    assert done.school.name in sheet["A2"].value


def test_export_neutralises_formulas(client_for, head, location, staff):
    RepairRequestFactory(
        location=location, requester=staff, description="=HYPERLINK(1)"
    )
    response = client_for(head).get(reverse("repairs:export") + "?status=open")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[8] for row in sheet.iter_rows(min_row=4)]
    # The text as filed, kept a text by the quote-prefix style, not an apostrophe.
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("=HYPERLINK(1)", "s", True)
    ]


def test_photos_are_stripped_of_exif_and_get_thumbnails(filed, staff):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (31, 14, 0)}  # GPS info
    upload = image_upload("gps.jpg", size=(1200, 900), exif=exif.tobytes())
    photo = services.repair_photo_add(
        repair=filed, upload=upload, kind="report", by=staff
    )
    photo = RepairPhoto.objects.get(pk=photo.pk)
    with Image.open(photo.image.path) as image:
        assert not image.getexif()
        assert image.size == (1200, 900)
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= 320


def test_export_queries_do_not_grow_with_rows_or_parts(
    client_for, head, staff, location, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            repair = RepairRequestFactory(location=location, requester=staff)
            for name in ("灯管", "启辉器"):
                repair.parts.create(
                    school=repair.school, name=name, quantity=1, added_by=head
                )

    def read(client):
        response = client.get(reverse("repairs:export") + "?status=")
        return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    add(2)
    client = client_for(head)
    read(client)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(20) as few:
        read(client)
    add(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        sheet = read(client)
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 27 and {row[15] for row in rows} == {"灯管×1个、启辉器×1个"}


def test_ledger_rows_keep_each_requests_parts_across_chunks(school, staff, location):
    from logistics.excel import write_xlsx
    from repairs.exports import ledger_columns, ledger_rows
    from repairs.models import RepairRequest

    made = []
    for n in range(5):
        repair = RepairRequestFactory(location=location, requester=staff)
        for k in range(n):
            repair.parts.create(
                school=school, name=f"件{k}", quantity="1.50", unit="米", added_by=staff
            )
        made.append(repair)
    queryset = RepairRequest.objects.for_school(school).order_by("pk")
    parts, buffer = {}, io.BytesIO()
    write_xlsx(
        buffer,
        columns=ledger_columns(school_id=school.pk, parts=parts),
        rows=ledger_rows(queryset, parts=parts, chunk=2),
        title="ledger",
    )
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [row[0] for row in rows] == [repair.number for repair in made]
    assert [row[15] for row in rows] == [
        None,
        "件0×1.5米",
        "件0×1.5米、件1×1.5米",
        "件0×1.5米、件1×1.5米、件2×1.5米",
        "件0×1.5米、件1×1.5米、件2×1.5米、件3×1.5米",
    ]
    assert {row[5] for row in rows} == {"Lighting"}  # the tests speak English


def test_the_queue_exports_what_it_shows_by_default_its_open_requests(
    client_for, head, done, staff
):
    """The queue opens on the open requests with no filter in its address: its
    export link asks for those, not for every request ever filed."""
    waiting = RepairRequestFactory(
        location=done.location, requester=staff, status=RepairStatus.SUBMITTED
    )
    client = client_for(head)
    page = lxml.html.fromstring(client.get(reverse("repairs:queue")).content)
    (link,) = page.xpath("//a[contains(@href, '/repairs/export/')]/@href")
    assert "status=open" in link

    response = client.get(link)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert numbers == {waiting.number}


def test_the_queue_export_link_keeps_the_chosen_filters_and_drops_the_page(
    client_for, head, done
):
    page = client_for(head).get(
        reverse("repairs:queue"), {"category": "lighting", "status": "", "page": "1"}
    )
    (link,) = lxml.html.fromstring(page.content).xpath(
        "//a[contains(@href, '/repairs/export/')]/@href"
    )
    assert "category=lighting" in link and "page=" not in link
