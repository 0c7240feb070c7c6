"""Uploaded documents (print originals, meeting minutes, quotations, safety
documents) recognised by what they hold, never by their name.

``check_document(upload, kinds=…, max_bytes=…)`` refuses a file too large or of a
kind the field does not take, and gives the file the extension its content
calls for: an HTML page named ``quote.pdf`` is refused, a PDF named ``x.html`` is
kept as ``x.pdf``, so nothing is stored or served under a name that says
otherwise. Photos have their own check (``logistics/images.py``), which also
re-encodes them.
"""

import zipfile
from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .text import listed

# What a field may take.
PDF, OFFICE, OFD, PHOTO = "pdf", "office", "ofd", "photo"

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc .xls .ppt (and WPS's .wps .et .dps)
OLE2_NAMES = (".doc", ".xls", ".ppt", ".wps", ".et", ".dps")
OOXML = {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
MIMETYPE_BYTES = 100  # an OpenDocument's "mimetype" entry holds its type alone
PHOTOS = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
SAME_NAMES = {".jpg": (".jpg", ".jpeg"), ".doc": OLE2_NAMES}

# The extensions each kind takes, for a file input's ``accept``.
EXTENSIONS = {
    PDF: (".pdf",),
    OFFICE: (*OLE2_NAMES, *OOXML.values(), *OPENDOCUMENT.values()),
    OFD: (".ofd",),
    PHOTO: (".jpg", ".jpeg", ".png"),
}
KIND_NAMES = {
    PDF: gettext_lazy("PDF"),
    OFFICE: gettext_lazy("Word, Excel or PowerPoint"),
    OFD: gettext_lazy("OFD"),
    PHOTO: gettext_lazy("photo (JPEG or PNG)"),
}


def document_format(upload):
    """(kind, extension) of what the file holds, read from its content: ("pdf",
    ".pdf"), ("office", ".docx"), ("photo", ".png")…; (None, None) for anything
    else."""
    upload.seek(0)
    head = upload.read(8)
    try:
        if head.startswith(b"%PDF-"):
            return PDF, ".pdf"
        if head == OLE2:
            return OFFICE, ".doc"
        for magic, extension in PHOTOS.items():
            if head.startswith(magic):
                return PHOTO, extension
        if head.startswith(b"PK\x03\x04"):
            upload.seek(0)
            return _zip_format(upload)
        return None, None
    finally:
        upload.seek(0)


def _zip_format(upload):
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, None
    with archive:
        names = set(archive.namelist())
        if "OFD.xml" in names:
            return OFD, ".ofd"
        if "[Content_Types].xml" in names:
            for prefix, extension in OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return OFFICE, extension
        if "mimetype" in names and "content.xml" in names:
            # A few bytes at most: an entry that unpacks to more is not one (and
            # a small upload must not unpack into gigabytes).
            if archive.getinfo("mimetype").file_size > MIMETYPE_BYTES:
                return None, None
            try:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(MIMETYPE_BYTES).strip()
            except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
                return None, None
            if mimetype in OPENDOCUMENT:
                return OFFICE, OPENDOCUMENT[mimetype]
    return None, None


def accept(*kinds):
    """The ``accept`` attribute of a file input taking ``kinds``."""
    return ",".join(extension for kind in kinds for extension in EXTENSIONS[kind])


def check_document(upload, *, kinds, max_bytes):
    """Refuse (ValidationError) a file larger than ``max_bytes`` or whose content
    is none of ``kinds``; give it the extension its content calls for."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is larger than %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="file_size",
        )
    kind, extension = document_format(upload)
    if kind not in kinds:
        raise forms.ValidationError(
            _("“%(name)s” cannot be used here. Upload one of: %(kinds)s.")
            % {
                "name": Path(upload.name or "").name,
                "kinds": listed(KIND_NAMES[kind] for kind in kinds),
            },
            code="file_type",
        )
    name = Path(upload.name or "document")
    if name.suffix.lower() not in SAME_NAMES.get(extension, (extension,)):
        upload.name = f"{name.stem or 'document'}{extension}"
    return upload
