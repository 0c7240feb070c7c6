"""Sheets of labels for printing (asset labels, room QR codes): where each label
sits on the page, and its QR codes.

WeasyPrint lays out absolutely positioned boxes far faster than a CSS grid of
flex rows, so a sheet is pages of labels placed at computed offsets in
millimetres, each with a dashed outline to cut along (a page of 24 asset labels:
0.90 s of CPU as a grid with SVG codes, 0.29 s like this). QR
codes are small PNGs, one pixel a module, drawn square and unsmoothed: WeasyPrint
embeds them faster than the same codes as SVG, and an 8-bit grey PNG as it is,
where segno's 1-bit PNG is converted to RGB and encoded twice.
"""

import base64
import struct
import zlib
from dataclasses import dataclass

import segno

# segno tries all eight masks and keeps the best-scoring one, which is most of
# its time; any mask gives a valid code that phones read (measured: 48 codes in
# 110 ms with a fixed mask, 400 ms with the search).
QR_MASK = 0
QUIET_ZONE = 2  # modules of white around the code; the label's margin adds more
DARK, LIGHT = 0, 255
# segno's matrix holds 1 for a dark module, 0 for a light one.
_MODULE_TO_GREY = bytes([LIGHT, DARK]) + bytes(254)


def qr_png_data_uri(text):
    """A QR code of ``text`` as a PNG data URI, one pixel a module, with a quiet zone.

    Print it with ``image-rendering: pixelated`` and equal width and height, so
    the modules stay square and sharp at any size.
    """
    matrix = segno.make(text, error="m", mask=QR_MASK).matrix
    return "data:image/png;base64," + base64.b64encode(grey_png(matrix)).decode()


def grey_png(matrix, *, border=QUIET_ZONE):
    """An 8-bit greyscale PNG of a module matrix (rows of 0 and 1), dark on light."""
    size = len(matrix) + 2 * border
    blank_row = b"\0" + bytes([LIGHT]) * size  # each row starts with filter type 0
    side = bytes([LIGHT]) * border
    rows = [blank_row] * border
    for row in matrix:
        rows.append(b"\0" + side + bytes(row).translate(_MODULE_TO_GREY) + side)
    rows.extend([blank_row] * border)
    header = struct.pack("!IIBBBBB", size, size, 8, 0, 0, 0, 0)  # 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind, data):
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", checksum)


@dataclass(frozen=True)
class SheetLayout:
    """A sheet of equal labels on A4, measured in millimetres."""

    columns: int
    rows: int
    width: float  # of one label
    height: float
    left: float = 0  # margin of the first column
    top: float = 0  # margin of the first row
    column_gap: float = 0
    row_gap: float = 0

    @property
    def per_page(self):
        return self.columns * self.rows

    @property
    def slots(self):
        """The top left corner of each label on a page, row by row, in mm."""
        return [
            (
                round(self.left + column * (self.width + self.column_gap), 3),
                round(self.top + row * (self.height + self.row_gap), 3),
            )
            for row in range(self.rows)
            for column in range(self.columns)
        ]

    def pages(self, items):
        """``items`` in pages, each a list of ``Placed`` labels.

        A label names its slot; the template places slots with one CSS rule each
        (``slot_css``): a style attribute on every label would be parsed again
        for each of them.
        """
        items = list(items)
        return [
            [
                Placed(item=item, slot=index)
                for index, item in enumerate(items[start : start + self.per_page])
            ]
            for start in range(0, len(items), self.per_page)
        ]

    def slot_css(self):
        """One rule a slot (``.slot-N``) and the size of every label, for the sheet."""
        rules = [f".label {{ width: {self.width}mm; height: {self.height}mm; }}"]
        rules += [
            f".slot-{index} {{ left: {left}mm; top: {top}mm; }}"
            for index, (left, top) in enumerate(self.slots)
        ]
        return "\n".join(rules)


@dataclass(frozen=True)
class Placed:
    """One label on a page and the slot it fills."""

    item: object
    slot: int
