"""Admin views of the library: a material's QR codes for print, and the download counts."""

from django.conf import settings
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.auth import user_passes_test

from materials import services
from materials.models import DownloadCount, MaterialPage, ScanCount, language_name
from materials.views import qr_languages, qr_target_url, render_qr

REPORT_DAYS = 30


def _can_edit(user, page):
    return page.permissions_for_user(user).can_edit()


def qr_codes(request, page_id):
    """The QR codes of a material, one per language, with an optional print-batch code."""
    page = get_object_or_404(MaterialPage, pk=page_id)
    material = page.canonical()
    if not _can_edit(request.user, page):
        return render(request, "wagtailadmin/shared/forbidden.html", status=403)
    batch = services.clean_batch(request.GET.get("b", ""))
    codes = []
    for language in qr_languages(material):
        qr = services.qr_code_for(material, language)
        scans = ScanCount.objects.filter(qr_code=qr).aggregate(total=Sum("count"))["total"] or 0
        codes.append(
            {
                "language": language,
                "name": language_name(language),
                "target": qr_target_url(request, qr, batch),
                "scans": scans,
            }
        )
    return render(
        request,
        "materials/admin/qr_codes.html",
        {
            "page": page,
            "material": material,
            "codes": codes,
            "batch": batch,
            "header_title": _("Mã QR: %(title)s") % {"title": page.title},
            "page_title": _("Mã QR để in"),
            "page_subtitle": page.title,
            "header_icon": "link",
        },
    )


def qr_file(request, page_id, language, fmt):
    page = get_object_or_404(MaterialPage, pk=page_id)
    if not _can_edit(request.user, page):
        return render(request, "wagtailadmin/shared/forbidden.html", status=403)
    batch = services.clean_batch(request.GET.get("b", ""))
    return render_qr(request, page.canonical(), language, fmt, batch)


@user_passes_test(lambda user: user.has_perm("wagtailadmin.access_admin"))
def download_report(request):
    """Downloads per material and language: the last 30 days and since the start."""
    since = timezone.localdate() - timezone.timedelta(days=REPORT_DAYS - 1)
    totals = (
        DownloadCount.objects.values("material_id", "material__title", "language")
        .annotate(total=Sum("count"))
        .order_by("material__title", "language")
    )
    recent = {
        (row["material_id"], row["language"]): row["recent"]
        for row in DownloadCount.objects.filter(day__gte=since)
        .values("material_id", "language")
        .annotate(recent=Sum("count"))
    }
    order = [code for code, _name in settings.LANGUAGES]
    rows = sorted(
        (
            {
                "material_id": row["material_id"],
                "title": row["material__title"],
                "language": language_name(row["language"]),
                "language_order": order.index(row["language"]) if row["language"] in order else 99,
                "recent": recent.get((row["material_id"], row["language"]), 0),
                "total": row["total"],
            }
            for row in totals
        ),
        key=lambda row: (row["title"], row["language_order"]),
    )
    return render(
        request,
        "materials/admin/download_report.html",
        {
            "rows": rows,
            "days": REPORT_DAYS,
            "header_title": _("Lượt tải tài liệu"),
            "page_title": _("Lượt tải tài liệu"),
            "header_icon": "download",
        },
    )
