"""The card's photo: judged by content, limited in size, stored upright without EXIF."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from assets.models import Asset

from .factories import AssetFactory, category

pytestmark = pytest.mark.django_db

ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo_bytes(kind="JPEG", size=(40, 20), mode="RGB", exif=True):
    image = Image.new(mode, size, "red" if mode == "RGB" else (255, 0, 0, 128))
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[ORIENTATION] = 6  # taken with the phone turned: rotate 90° to show
        data[MAKE] = "PhoneMaker"
        data.get_ifd(GPS_IFD)[2] = (22.0, 32.0, 0.0)  # latitude
        options["exif"] = data.tobytes()
    image.save(out, format=kind, **options)
    return out.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def card(school, location, **extra):
    return {
        "name": "笔记本电脑",
        "category": category(school).pk,
        "quantity": 1,
        "unit": "台",
        "unit_price": "6500.00",
        "acquired_on": "2025-09-01",
        "acquisition_method": "purchase",
        "funding_source": "budget",
        "location": location.pk,
        "usage_direction": "own_use",
        "status": "in_use",
        "condition": "good",
        "notes": "放在 302 教室讲台下",
        **extra,
    }


def test_photo_is_stored_upright_and_without_exif(client_for, head, school, location):
    response = client_for(head).post(
        reverse("assets:create"), card(school, location, photo=upload(photo_bytes()))
    )
    assert response.status_code == 302
    asset = Asset.objects.get(name="笔记本电脑")
    with Image.open(asset.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (20, 40)  # the camera's rotation applied
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert asset.photo.name.startswith("assets/") and asset.photo.name.endswith(".jpg")
    assert "PhoneMaker" not in open(asset.photo.path, "rb").read().decode("latin-1")


def test_big_photo_is_shrunk(client_for, head, school, location, settings):
    settings.ASSETS = {"PHOTO_MAX_SIDE": 100}
    big = upload(photo_bytes(size=(800, 400), exif=False))
    client_for(head).post(reverse("assets:create"), card(school, location, photo=big))
    with Image.open(Asset.objects.get(name="笔记本电脑").photo.path) as stored:
        assert stored.size == (100, 50)


def test_transparent_png_stays_png(client_for, head, school, location):
    png = upload(
        photo_bytes("PNG", mode="RGBA", exif=False),
        "logo.png",
        content_type="image/png",
    )
    client_for(head).post(reverse("assets:create"), card(school, location, photo=png))
    with Image.open(Asset.objects.get(name="笔记本电脑").photo.path) as stored:
        assert stored.format == "PNG" and stored.mode == "RGBA"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a picture", "invoice.jpg", "不是可以读取的照片"),
        (photo_bytes()[:200], "cut.jpg", "不是可以读取的照片"),
        (photo_bytes("BMP", exif=False), "scan.jpg", "只能上传 JPEG、PNG、WebP 或 GIF"),
    ],
    ids=["pdf named jpg", "truncated jpeg", "bmp"],
)
def test_bad_file_is_refused_and_the_rest_of_the_form_kept(
    client_for, head, school, location, content, name, message
):
    response = client_for(head).post(
        reverse("assets:create"), card(school, location, photo=upload(content, name))
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["photo"])
    assert message in errors
    page = response.content.decode()
    assert message in page
    assert 'value="笔记本电脑"' in page and "放在 302 教室讲台下" in page
    assert 'value="6500.00"' in page
    assert not Asset.objects.filter(name="笔记本电脑").exists()


def test_too_big_file_is_refused_before_it_is_decoded(
    client_for, head, school, location, settings
):
    settings.ASSETS = {"MAX_PHOTO_BYTES": 1024}
    big = upload(photo_bytes(size=(400, 400), exif=False) + b"\0" * 2048)
    response = client_for(head).post(
        reverse("assets:create"), card(school, location, photo=big)
    )
    assert response.status_code == 200
    assert "最大只能上传 1.0\xa0KB" in " ".join(
        response.context["form"].errors["photo"]
    )
    assert not Asset.objects.exists()


def test_edit_replaces_or_clears_the_photo(client_for, accountant, school, location):
    asset = AssetFactory(school=school, location=location)
    client = client_for(accountant)
    form = client.get(reverse("assets:update", args=[asset.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data.update(acquired_on="2024-01-15", photo=upload(photo_bytes()))
    response = client.post(reverse("assets:update", args=[asset.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    asset.refresh_from_db()
    assert asset.photo and not Image.open(asset.photo.path).getexif()
    data.update(photo="", **{"photo-clear": "on"})
    response = client.post(reverse("assets:update", args=[asset.pk]), data)
    assert response.status_code == 302
    asset.refresh_from_db()
    assert not asset.photo
