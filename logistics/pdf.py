"""Printable documents: a template rendered to PDF with WeasyPrint and a real CJK font.

Every printable model offers ``print_context()``; its template extends
``print/base.html``. Rendering fetches nothing but our own static and media files,
so a crafted value can never make the server reach the network or read other files.
"""

import functools
import mimetypes
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The families print/base.html names, in order of preference.
CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
FONT_PACKAGE = "fonts-noto-cjk"
# A base address that cannot exist: relative links in templates resolve to it,
# and the fetcher maps it onto our own files.
BASE_URL = "https://print.invalid/"


class CJKFontMissing(RuntimeError):
    """No Chinese font is installed: a PDF would show empty boxes instead of text."""


@functools.lru_cache(maxsize=1)
def installed_cjk_families():
    """The CJK font families fontconfig knows, of those our templates name."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ()
    result = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    found = set()
    for line in result.stdout.splitlines():
        found.update(name.strip() for name in line.split(","))
    return tuple(family for family in CJK_FONT_FAMILIES if family in found)


def ensure_cjk_font():
    if not installed_cjk_families():
        raise CJKFontMissing(
            _(
                "No Chinese font is installed, so the PDF cannot show Chinese text. "
                "Ask the administrator to run: apt-get install %(package)s"
            )
            % {"package": FONT_PACKAGE}
        )


class LocalOnlyFetcher(URLFetcher):
    """Serves our static and media files to WeasyPrint and refuses everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._local_path(url)
        if path is None:
            raise ValueError(
                f"refused to fetch {url}: only the application's own files"
            )
        mime_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )

    @staticmethod
    def _local_path(url):
        if not url.startswith(BASE_URL):
            return None
        relative = "/" + url[len(BASE_URL) :].split("?")[0].split("#")[0]
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        media_prefix = "/" + settings.MEDIA_URL.lstrip("/")
        if relative.startswith(static_prefix):
            name = relative[len(static_prefix) :]
            try:
                found = finders.find(name)
            except SuspiciousFileOperation:
                return None
            found = found or _inside(Path(settings.STATIC_ROOT), name)
            return Path(found) if found else None
        if relative.startswith(media_prefix):
            return _inside(Path(settings.MEDIA_ROOT), relative[len(media_prefix) :])
        return None


def _inside(root, name):
    """The file ``name`` below ``root``, or None if it is missing or escapes root."""
    root = root.resolve()
    candidate = (root / name).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def render_pdf(template_name, context):
    """Render ``template_name`` with ``context`` to PDF bytes."""
    ensure_cjk_font()
    html = render_to_string(template_name, {"cjk_fonts": CJK_FONT_FAMILIES, **context})
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()
    ).write_pdf()


def pdf_response(template_name, context, filename, *, inline=True):
    """A PDF as an HTTP response; a missing font gives a clear 503, not a blank page."""
    try:
        pdf = render_pdf(template_name, context)
    except CJKFontMissing as error:
        return HttpResponse(
            str(error), status=503, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    )
    return response
