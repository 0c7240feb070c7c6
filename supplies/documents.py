"""Uploaded print originals: a PDF or an office file, recognised by its content."""

import zipfile

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc .xls .ppt (and .wps .et)
OOXML_PARTS = ("word/", "xl/", "ppt/")


def document_kind(upload):
    """ "pdf", "office" or None, read from the file's first bytes (never its name)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == OLE2:
        return "office"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and any(
            name.startswith(OOXML_PARTS) for name in names
        ):
            return "office"
        if "mimetype" in names and "content.xml" in names:  # OpenDocument
            return "office"
    return None


def check_document(upload, *, max_bytes):
    """Refuse anything but a PDF or an office document, or a file too large."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is larger than %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="file_size",
        )
    if document_kind(upload) is None:
        raise forms.ValidationError(
            _("Upload a PDF, Word, Excel or PowerPoint file."), code="file_type"
        )
    return upload
