"""Printable documents: a template rendered to PDF with WeasyPrint and a real CJK font.

Every printable model offers ``print_context()``; its template extends
``print/base.html``. Rendering fetches nothing but our own static and media files,
so a crafted value can never make the server reach the network or read other files.

WeasyPrint runs in a child process, forked for each document, that is stopped
after ``PDF_RENDER_SECONDS`` or when it asks for more than ``PDF_RENDER_MEMORY_MB``
of memory: a document too large to print answers with a clear page instead of
holding a server worker for minutes.
"""

import base64
import binascii
import faulthandler
import functools
import logging
import mimetypes
import multiprocessing
import os
import resource
import shutil
import subprocess
import traceback
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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


# Bounds of one render when the settings do not say (see logistics/settings.py).
DEFAULT_RENDER_SECONDS = 20
DEFAULT_RENDER_MEMORY_MB = 1024

logger = logging.getLogger(__name__)


class CJKFontMissing(RuntimeError):
    """No Chinese font is installed: a PDF would show empty boxes instead of text."""


class DocumentTooLarge(RuntimeError):
    """The document needed more time or memory than one render may take."""


class RenderFailed(RuntimeError):
    """WeasyPrint raised in the child process; the message holds its traceback."""


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
            return self._data(url) or super().fetch(url, headers)
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
    def _data(url):
        """A base64 ``data:`` URL (a QR code on a label) decoded without the
        general parser, which builds a MIME message for every image."""
        meta, comma, payload = url[5:].partition(",")
        mime_type, _sep, encoding = meta.rpartition(";")
        if not comma or encoding != "base64" or ";" in mime_type:
            return None
        try:
            body = base64.b64decode(payload, validate=True)
        except binascii.Error:
            return None
        return URLFetcherResponse(url, body=body, headers=_headers(mime_type))

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


@functools.lru_cache(maxsize=16)
def _headers(mime_type):
    """Response headers for a content type, parsed once (WeasyPrint only reads them)."""
    headers = EmailMessage()
    headers["Content-Type"] = mime_type or "text/plain"
    return headers


def _inside(root, name):
    """The file ``name`` below ``root``, or None if it is missing or escapes root."""
    root = root.resolve()
    candidate = (root / name).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def render_pdf(template_name, context, *, seconds=None):
    """Render ``template_name`` with ``context`` to PDF bytes, within the bounds.

    Raises ``DocumentTooLarge`` when the render takes longer or needs more memory
    than the settings allow (``seconds``: a longer bound, for the background
    worker, which holds no web request).
    """
    ensure_cjk_font()
    html = render_to_string(template_name, {"cjk_fonts": CJK_FONT_FAMILIES, **context})
    return html_to_pdf(html, seconds=seconds)


def html_to_pdf(html, *, seconds=None, memory_mb=None):
    """WeasyPrint's PDF of ``html``, made in a child process that is stopped when it
    runs past ``seconds`` or asks for more than ``memory_mb`` MiB of memory.

    The template is rendered before, in this process (it may read the database);
    the child only lays out the finished HTML. Forking shares the loaded modules,
    so a child adds some tens of milliseconds, not a fresh interpreter's second.
    """
    seconds = render_seconds() if seconds is None else seconds
    memory_mb = render_memory_mb() if memory_mb is None else memory_mb
    if "fork" not in multiprocessing.get_all_start_methods():
        return _write_pdf(html)  # no fork (not Linux): unbounded, as before
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_render_in_child,
        args=(html, sender, memory_mb * 1024 * 1024),
        name="pdf-render",
        daemon=True,
    )
    child.start()
    sender.close()  # the child holds the only writing end: its death is an EOF
    try:
        if not receiver.poll(seconds):
            logger.warning("PDF render stopped after %s s", seconds)
            raise DocumentTooLarge(f"more than {seconds} s")
        outcome, payload = receiver.recv()
    except EOFError:
        # Out of memory, a C library (fontconfig, Pango) aborts or crashes
        # instead of raising MemoryError.
        child.join()
        logger.warning(
            "PDF render died (exit code %s) within %s MiB", child.exitcode, memory_mb
        )
        raise DocumentTooLarge(f"the render died ({memory_mb} MiB)") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "pdf":
        return payload
    if outcome == "memory":
        logger.warning("PDF render needed more than %s MiB", memory_mb)
        raise DocumentTooLarge(f"more than {memory_mb} MiB")
    raise RenderFailed(payload)


def render_seconds():
    return getattr(settings, "PDF_RENDER_SECONDS", DEFAULT_RENDER_SECONDS)


def render_memory_mb():
    return getattr(settings, "PDF_RENDER_MEMORY_MB", DEFAULT_RENDER_MEMORY_MB)


def _write_pdf(html):
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()
    ).write_pdf()


def _render_in_child(html, sender, memory_bytes):
    """The child's whole life: cap its address space, lay out, send the outcome."""
    # Out of memory, C libraries (fontconfig, Pango) may crash instead of raising;
    # the parent reads that as too large. No traceback dump for that crash.
    faulthandler.disable()
    try:
        _limit_memory(memory_bytes)
        outcome = ("pdf", _write_pdf(html))
    except MemoryError:
        outcome = ("memory", "")
    except Exception:
        outcome = ("error", traceback.format_exc())
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", ""))
    finally:
        sender.close()


def _limit_memory(extra_bytes):
    """Allow this process ``extra_bytes`` of address space above what it has now.

    The child starts as a copy of the server process, whose size varies; the bound
    is on what the render adds to it.
    """
    size = _address_space_bytes()
    if size is None:
        return
    limit = size + extra_bytes
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space_bytes():
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def too_large_response(request=None):
    """The page shown instead of a PDF that cannot be made within the bounds."""
    back_url = reverse("home")
    if request is not None:
        referer = request.headers.get("referer", "")
        if url_has_allowed_host_and_scheme(
            referer,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            back_url = referer
    context = {
        "seconds": render_seconds(),
        "memory_mb": render_memory_mb(),
        "back_url": back_url,
    }
    html = render_to_string("print/too_large.html", context, request=request)
    return HttpResponse(html, status=503)


def pdf_response(template_name, context, filename, *, inline=True, request=None):
    """A PDF as an HTTP response.

    A missing font gives a clear 503, not a blank page; a document too large to
    print within the bounds gives a page that says so (with the site's layout when
    ``request`` is given), not a hung worker.
    """
    try:
        pdf = render_pdf(template_name, context)
    except CJKFontMissing as error:
        return HttpResponse(
            str(error), status=503, content_type="text/plain; charset=utf-8"
        )
    except DocumentTooLarge:
        return too_large_response(request)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    )
    return response
