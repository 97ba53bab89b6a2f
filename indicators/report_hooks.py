"""Admin URLs and the menu item of periodic reports (imported by indicators.wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from indicators import report_views
from indicators.reports import access


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/", report_views.ReportListView.as_view(), name="indicators_reports"),
        path("reports/new/", report_views.NewReportView.as_view(), name="indicators_report_new"),
        path(
            "reports/status/", report_views.StatusView.as_view(), name="indicators_reports_status"
        ),
        path("reports/<int:pk>/", report_views.ReportView.as_view(), name="indicators_report"),
        path(
            "reports/<int:pk>/status.json",
            report_views.report_status,
            name="indicators_report_status",
        ),
        path(
            "reports/<int:pk>/generate/",
            report_views.generate,
            name="indicators_report_generate",
        ),
        path(
            "reports/<int:pk>/header/",
            report_views.edit_header,
            name="indicators_report_header",
        ),
        path(
            "reports/<int:pk>/sections/<slug:code>/",
            report_views.edit_section,
            name="indicators_report_section",
        ),
        path(
            "reports/<int:pk>/finalise/",
            report_views.FinaliseView.as_view(),
            name="indicators_report_finalise",
        ),
        path(
            "reports/<int:pk>/download/<slug:kind>/",
            report_views.download,
            name="indicators_report_download",
        ),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_read_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    return ReportsMenuItem(
        _("Báo cáo định kỳ"),
        reverse("indicators_reports"),
        name="periodic-reports",
        icon_name="doc-full",
        order=830,
    )
