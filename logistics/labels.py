"""Sheets of labels for printing (asset labels, room QR codes): where each label
sits on the page, and its QR codes.

WeasyPrint lays out absolutely positioned boxes far faster than a CSS grid of
flex rows, so a sheet is pages of labels placed at computed offsets in
millimetres, each with a dashed outline to cut along (a page of 24 asset labels:
0.90 s of CPU as a grid with SVG codes, 0.29 s like this). QR codes are PNGs,
one pixel a module, drawn square and unsmoothed, built by zxing-cpp (segno if
it is missing). Asset label sheets go further (``LabelSheet`` below): a page is
a few images and one block of text per row of labels, whatever their number.
"""

import base64
import functools
import math
import struct
import unicodedata
import zlib
from dataclasses import dataclass

import segno

try:  # zxing-cpp builds a code some three times faster than segno (C++)
    import zxingcpp
except ImportError:  # pragma: no cover - it is in requirements.txt
    zxingcpp = None

# segno tries all eight masks and keeps the best-scoring one, which is most of
# its time; any mask gives a valid code that phones read (measured: 48 codes in
# 110 ms with a fixed mask, 400 ms with the search).
QR_MASK = 0
QUIET_ZONE = 2  # modules of white around the code; the label's margin adds more
DARK, LIGHT = 0, 255
# segno's matrix holds 1 for a dark module, 0 for a light one.
_MODULE_TO_GREY = bytes([LIGHT, DARK]) + bytes(254)


# zxing-cpp's image holds 0 for a dark module, 255 for a light one.
_GREY_TO_MODULE = bytes.maketrans(bytes([DARK, LIGHT]), bytes([1, 0]))


@functools.lru_cache(maxsize=4096)
def qr_matrix(text):
    """The modules of a QR code of ``text`` (error correction M, no quiet zone):
    rows of bytes, 1 for dark. A sheet printed again reuses its codes."""
    if zxingcpp is not None:
        image = zxingcpp.create_barcode(
            text, zxingcpp.BarcodeFormat.QRCode, ec_level="M"
        ).to_image(scale=1, add_quiet_zones=False)
        size, data = image.shape[0], bytes(memoryview(image))
        return tuple(
            data[row * size : (row + 1) * size].translate(_GREY_TO_MODULE)
            for row in range(size)
        )
    return tuple(bytes(row) for row in segno.make(text, error="m", mask=QR_MASK).matrix)


def qr_png_data_uri(text):
    """A QR code of ``text`` as a PNG data URI, one pixel a module, with a quiet zone.

    Print it with ``image-rendering: pixelated`` and equal width and height, so
    the modules stay square and sharp at any size.
    """
    return (
        "data:image/png;base64," + base64.b64encode(grey_png(qr_matrix(text))).decode()
    )


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


# ---------------------------------------------------------------------------
# Fast sheets: a page is two images and a few blocks of text.
#
# Even placed absolutely, every label costs WeasyPrint some five boxes and as
# many lines of text to parse, style, lay out and draw: ten pages of 24 labels
# took 4.2–4.5× ten pages of plain text. ``LabelSheet`` draws a page with
#
# - all its QR codes in one page-sized PNG per size of code (one pixel a
#   module, white transparent, so the two layers and the cut lines show through
#   each other), each code snapped to that image's pixel grid: square, sharp,
#   within half a module of its place;
# - its cut lines as one SVG of dashed rectangles;
# - its text as one block per row of labels, the labels of the row side by side
#   on each line, separated by tabs whose stops are one label apart, so the
#   text of each label starts where its label's text does. Lines are wrapped
#   and cut here, by an estimate of each character's width, so that no label's
#   text can reach the next label.


@dataclass(frozen=True)
class LabelParts:
    """Where the parts of one label sit inside it, in millimetres."""

    code: tuple  # (left, top, size) of the main QR code
    text: tuple  # (left, top, width) of the text
    font_pt: float
    lines: int  # at most this many lines of text
    fault: tuple | None = None  # (left, top, size) of the second code
    hint: tuple | None = None  # (left, top) of the second code's caption
    hint_pt: float = 6


PT = 25.4 / 72  # millimetres in a point
LINE_HEIGHT = 1.25


def char_ems(char):
    """An upper estimate of a character's width in em in the fonts we print
    with: a wide (CJK) character is one em, any other at most 0.62 em."""
    return 1 if unicodedata.east_asian_width(char) in "WF" else 0.62


def text_width(text, font_pt):
    """An upper estimate of the printed width of ``text`` in mm."""
    return sum(map(char_ems, text)) * font_pt * PT


def fit_lines(text, *, width, font_pt, lines):
    """``text`` broken into at most ``lines`` lines no wider than ``width`` mm,
    the last one cut with an ellipsis when the text is longer."""
    text = " ".join(str(text).split())
    room = width / (font_pt * PT)  # in em
    found, line, used = [], [], 0.0
    for char in text:
        ems = char_ems(char)
        if used + ems <= room:
            line.append(char)
            used += ems
            continue
        carried = [] if char == " " else [char]
        if char != " " and " " in line:  # break after the last word that fits
            cut = len(line) - line[::-1].index(" ")
            line, carried = line[:cut], line[cut:] + carried
        found.append("".join(line).rstrip())
        if len(found) == lines:
            break
        line, used = carried, sum(map(char_ems, carried))
    else:
        if line:
            found.append("".join(line))
        return found
    last = found[-1]
    while last and text_width(last + "…", font_pt) > width:
        last = last[:-1]
    found[-1] = last + "…"
    return found


def codes_png(codes, *, module_mm, left, top, width, height):
    """One PNG of QR ``codes`` [(left, top, size, matrix)] in the rectangle
    ``left, top, width, height`` of the page, all in mm; a pixel is ``module_mm``
    square. Returns the template's dict (src, left, top, width, height)."""
    columns = math.ceil(width / module_mm)
    lines = math.ceil(height / module_mm)
    rows = [bytearray([LIGHT]) * columns for _ in range(lines)]
    for code_left, code_top, size, matrix in codes:
        modules = len(matrix)
        offset = (size / module_mm - modules) / 2  # centred in its box
        x = max(0, round((code_left - left) / module_mm + offset))
        y = max(0, round((code_top - top) / module_mm + offset))
        for index, row in enumerate(matrix):
            if y + index < lines:
                line = row.translate(_MODULE_TO_GREY)[: columns - x]
                rows[y + index][x : x + len(line)] = line
    header = struct.pack("!IIBBBBB", columns, lines, 8, 0, 0, 0, 0)
    data = b"".join(b"\0" + bytes(row) for row in rows)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(data, 1))  # WeasyPrint packs it again
        + _chunk(b"IEND", b"")
    )
    return {
        "src": "data:image/png;base64," + base64.b64encode(png).decode(),
        "left": round(left, 4),
        "top": round(top, 4),
        "width": round(columns * module_mm, 4),
        "height": round(lines * module_mm, 4),
    }


def code_strips(codes, *, size):
    """The images of one kind of code on a page (``codes``: left, top, text, in
    mm on the page; ``size``: the side of the code's box): one strip per column
    of labels, modules as large as
    the largest code allows with a quiet zone of ``QUIET_ZONE`` modules. Strips
    do not overlap each other or the other kind of code, so they need no
    transparency (which WeasyPrint would encode as a second image)."""
    if not codes:
        return []
    matrices = [(left, top, size, qr_matrix(text)) for left, top, text in codes]
    module_mm = size / (max(len(m) for *_rest, m in matrices) + 2 * QUIET_ZONE)
    by_column = {}
    for code in matrices:
        by_column.setdefault(round(code[0], 3), []).append(code)
    strips = []
    for left, column in sorted(by_column.items()):
        top = min(code[1] for code in column)
        bottom = max(code[1] for code in column) + size
        strips.append(
            codes_png(
                column,
                module_mm=module_mm,
                left=left,
                top=top,
                width=size,
                height=bottom - top,
            )
        )
    return strips


@dataclass(frozen=True)
class LabelSheet:
    """A sheet layout and where the parts of its labels go."""

    layout: SheetLayout
    parts: LabelParts
    page: tuple = (210, 297)

    def pages(self, labels, *, hint=""):
        """Pages of ``labels`` (dicts: "code", "fault" (or ""), "lines"), each a
        dict of what the template draws: the code images, the cut lines and the
        blocks of text; ``hint`` is the caption of each label's second code."""
        layout, parts = self.layout, self.parts
        pitch = layout.width + layout.column_gap
        pages = []
        for placed in layout.pages(labels):
            slots = [layout.slots[p.slot] for p in placed]
            main, fault = [], []
            for (left, top), label in zip(slots, (p.item for p in placed), strict=True):
                main.append((left + parts.code[0], top + parts.code[1], label["code"]))
                if parts.fault and label.get("fault"):
                    fault.append(
                        (left + parts.fault[0], top + parts.fault[1], label["fault"])
                    )
            texts = []
            for row in range(layout.rows):
                in_row = [
                    (slot, p.item)
                    for slot, p in zip(slots, placed, strict=True)
                    if p.slot // layout.columns == row
                ]
                if not in_row:
                    continue
                top = in_row[0][0][1]
                columns = [[] for _ in range(layout.columns)]
                for (left, _top), label in in_row:
                    column = round((left - layout.left) / pitch)
                    columns[column] = [
                        line
                        for text in label["lines"]
                        for line in fit_lines(
                            text,
                            width=parts.text[2],
                            font_pt=parts.font_pt,
                            lines=min(2, parts.lines),
                        )
                    ][: parts.lines]
                height = max(len(lines) for lines in columns)
                used = max(i for i, lines in enumerate(columns) if lines) + 1
                text = "\n".join(
                    "\t".join(
                        lines[n] if n < len(lines) else "" for lines in columns[:used]
                    ).rstrip("\t")
                    for n in range(height)
                )
                texts.append(
                    {
                        "left": round(layout.left + parts.text[0], 3),
                        "top": round(top + parts.text[1], 3),
                        "text": text,
                        "hint_left": parts.hint
                        and round(layout.left + parts.hint[0], 3),
                        "hint_top": parts.hint and round(top + parts.hint[1], 3),
                        "hint": "\t".join(
                            hint if parts.fault and label.get("fault") else ""
                            for _slot, label in in_row
                        ).rstrip("\t")
                        if parts.hint
                        else "",
                    }
                )
            pages.append(
                {
                    "codes": code_strips(main, size=parts.code[2])
                    + (code_strips(fault, size=parts.fault[2]) if parts.fault else []),
                    "cuts": self.cut_lines(slots),
                    "texts": texts,
                }
            )
        return pages

    def cut_lines(self, slots):
        """Dashed lines to cut along, round and between the labels, as one SVG
        path (a data URI: the same for every full page, so WeasyPrint reads it
        once; one path draws far faster than a rectangle a label)."""
        width, height = self.layout.width, self.layout.height
        boxes = [
            (left, top, round(left + width, 3), round(top + height, 3))
            for left, top in slots
        ]
        verticals, horizontals = {}, {}  # edge → (from, to) along it
        for left, top, right, bottom in boxes:
            for x in (left, right):
                low, high = verticals.get(x, (top, bottom))
                verticals[x] = (min(low, top), max(high, bottom))
            for y in (top, bottom):
                low, high = horizontals.get(y, (left, right))
                horizontals[y] = (min(low, left), max(high, right))
        path = " ".join(
            [f"M{x} {low}V{high}" for x, (low, high) in sorted(verticals.items())]
            + [f"M{low} {y}H{high}" for y, (low, high) in sorted(horizontals.items())]
        )
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
            f'viewBox="0 0 {self.page[0]} {self.page[1]}"><path d="{path}" '
            'fill="none" stroke="#999" stroke-width="0.14" stroke-dasharray="1 0.7"/>'
            "</svg>"
        )
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    def css(self):
        """The sheet's own rules: the tab stops one label apart, the font sizes."""
        pitch = round(self.layout.width + self.layout.column_gap, 3)
        return (
            f".text {{ tab-size: {pitch}mm; font-size: {self.parts.font_pt}pt; }}\n"
            f".hint {{ tab-size: {pitch}mm; font-size: {self.parts.hint_pt}pt; }}"
        )
