import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from logistics.images import check_image, clean_image


def _jpeg_with_gps(size=(1200, 800)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 3000"  # camera model
    exif[0x8825] = {1: "N", 2: (22.0, 32.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("lamp.jpg", out.getvalue(), content_type="image/jpeg")


def test_real_photo_is_kept_shrunk_and_stripped_of_exif():
    upload = check_image(_jpeg_with_gps(), max_bytes=5_000_000)
    full, thumb = clean_image(upload, max_side=600, thumbnail_side=120)
    with Image.open(io.BytesIO(full.read())) as image:
        assert max(image.size) == 600
        assert not image.getexif()
        assert b"SecretCam" not in full.file.getvalue()
    with Image.open(io.BytesIO(thumb.read())) as small:
        assert max(small.size) == 120


def test_text_file_named_like_a_photo_is_refused():
    fake = SimpleUploadedFile(
        "photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg"
    )
    with pytest.raises(ValidationError) as error:
        check_image(fake, max_bytes=5_000_000)
    assert error.value.code == "not_an_image"


def test_too_big_file_is_refused_before_it_is_read():
    with pytest.raises(ValidationError) as error:
        check_image(_jpeg_with_gps(), max_bytes=100)
    assert error.value.code == "photo_too_big"


def test_image_of_an_unaccepted_format_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(ValidationError):
        check_image(SimpleUploadedFile("x.bmp", out.getvalue()), max_bytes=5_000_000)


def test_transparent_png_stays_png():
    out = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(out, format="PNG")
    full, thumb = clean_image(SimpleUploadedFile("a.png", out.getvalue()), max_side=40)
    assert full.name.endswith(".png") and thumb is None
