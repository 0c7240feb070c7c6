"""Reports (``/reports/``): the annual logistics report, on screen, in Excel and
as a PDF, and the reports every app keeps, listed for whoever may open them."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import TemplateView

from .annual import (
    annual_sections,
    chosen_year,
    report_years,
)
from .excel import Column, export_subtitle, xlsx_response
from .pdf import pdf_response
from .registry import may_open, registry

PERMISSION = "logistics.view_annual_report"


def may_read_reports(user):
    """Whether ``/reports/`` has anything for ``user``: the menu shows it then."""
    return user.has_perm(PERMISSION) or any(
        may_open(user, item.permission) for item in registry.reports
    )


def other_reports(user):
    """(label, url) of the apps' own reports ``user`` may open."""
    return [
        (item.label, reverse(item.url_name))
        for item in registry.reports
        if may_open(user, item.permission)
    ]


class ReportsView(TemplateView):
    """Every report the person may open; the annual one by year."""

    template_name = "logistics/reports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["annual"] = user.has_perm(PERMISSION)
        context["years"] = list(report_years())[:5]
        context["other_reports"] = other_reports(user)
        return context


class AnnualReportMixin(PermissionRequiredMixin):
    permission_required = PERMISSION

    def report(self):
        if self.request.school is None:
            raise Http404
        year = chosen_year(self.request.GET.get("year"))
        return {
            "year": year,
            "title": _("Annual logistics report %(year)s") % {"year": year},
            "school": self.request.school,
            "sections": annual_sections(self.request.school_id, year),
        }


class AnnualReportView(AnnualReportMixin, TemplateView):
    """年度后勤工作总结: the year's figures of every app, and where each comes from."""

    template_name = "logistics/annual_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report()
        # The last ten years to choose from, and the year asked for.
        years = sorted({*list(report_years())[:10], report["year"]}, reverse=True)
        user = self.request.user
        linked = [
            (section, section.url if may_open(user, section.url_permission) else "")
            for section in report["sections"]
        ]
        context.update(report, years=years, linked=linked)
        return context


class AnnualReportExportView(AnnualReportMixin, View):
    def get(self, request):
        report = self.report()
        title = report["title"]
        return xlsx_response(
            filename=f"{title}.xlsx",
            columns=[
                Column(pgettext("annual report", "Section"), width=18),
                Column(pgettext("annual report", "Figure"), width=34),
                Column(pgettext("annual report", "Value"), kind="number", width=16),
                Column(pgettext("annual report", "Unit"), width=8),
            ],
            rows=(
                (
                    section.title,
                    figure.label,
                    figure.value,
                    figure.shown_unit,
                )
                for section in report["sections"]
                for figure in section.figures
            ),
            title=title,
            subtitle=export_subtitle(report["school"]),
            sheet_title=_("Annual report"),
        )


class AnnualReportPDFView(AnnualReportMixin, View):
    def get(self, request):
        report = self.report()
        return pdf_response(
            "logistics/print/annual_report.html",
            report,
            f"{report['title']}.pdf",
            request=request,
        )
