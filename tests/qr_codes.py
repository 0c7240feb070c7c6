"""Read the QR codes printed in a PDF, as a phone would: rasterise each page with
poppler's pdftoppm, then decode every code on it with zxing-cpp."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

INSTALL_HINT = (
    "pdftoppm is missing: run scripts/system-packages.sh raster (poppler-utils)"
)


def pdf_pages_as_images(data, *, dpi=200):
    """Each page of a PDF as a Pillow image, ``dpi`` dots per inch."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, INSTALL_HINT
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sheet.pdf"
        source.write_bytes(data)
        subprocess.run(
            [pdftoppm, "-r", str(dpi), "-gray", "-png", source, Path(folder) / "page"],
            check=True,
            capture_output=True,
        )
        images = []
        for path in sorted(Path(folder).glob("page-*.png")):
            with Image.open(path) as image:
                images.append(image.copy())
        return images


def qr_codes_in_pdf(data, *, dpi=200):
    """Every QR code the decoder finds, as (page number from 1, text, position)."""
    import zxingcpp

    found = []
    for number, image in enumerate(pdf_pages_as_images(data, dpi=dpi), start=1):
        for barcode in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormat.QRCode
        ):
            found.append((number, barcode.text, barcode.position))
    return found


def is_square(position, tolerance=0.03):
    """Whether a decoded code's corners make a square on the page (not squeezed)."""
    corners = [
        position.top_left,
        position.top_right,
        position.bottom_right,
        position.bottom_left,
    ]
    sides = [
        ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True)
    ]
    return max(sides) / min(sides) <= 1 + tolerance
