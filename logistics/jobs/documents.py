"""Printed documents too long to render in a web request: queued like a large
export (``in_background``), rendered by the worker with its longer PDF bound.

A view counts what it would print; over ``background_pdf_rows()`` it calls
``in_background`` with a kind its app registered as
``registry.add_job_kind(kind, pdf_job(build))``, where ``build(job)`` returns
``(template_name, context, filename)`` for the job's owner (and refuses, with a
ValidationError, what they may no longer see).
"""

import tempfile

from django.conf import settings

from ..pdf import render_pdf
from .services import JobFile


def background_pdf_rows():
    """A document of more rows than this is printed by the background worker."""
    return settings.LOGISTICS.get("BACKGROUND_PDF_ROWS", 500)


def pdf_job(build):
    """The handler of a document's background job."""

    def handler(*, job, progress):
        template_name, context, filename = build(job)
        progress(0, job.total)
        pdf = render_pdf(
            template_name,
            context,
            seconds=settings.LOGISTICS.get("BACKGROUND_PDF_SECONDS", 600),
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as out:
            out.write(pdf)
        return JobFile(name=filename, path=out.name)

    return handler
