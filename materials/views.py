"""Public views of the library: counted downloads, QR short links and QR images."""

import io

import segno
from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail import hooks

from common.addresses import public_url
from common.analytics import send_event
from materials import services
from materials.models import MaterialPage, QrCode

KINDS = ("document", "image", "audio")


def _page_denial(page, request):
    """Run Wagtail's on_serve_page hooks (view restrictions) as serving the page would."""
    allowed = HttpResponse()

    def callback(*args):
        return allowed

    for hook in reversed(hooks.get_hooks("on_serve_page")):
        callback = hook(callback)
    response = callback(page, request, [], {})
    return None if response is allowed else response


def _restricted(request, pages, item, kind):
    """Wagtail's own answer (login, password form) when a page or a collection is private."""
    for page in pages:
        response = _page_denial(page, request)
        if response is not None:
            return response
    if kind != "image":
        for hook in hooks.get_hooks("before_serve_document"):
            response = hook(item, request)
            if isinstance(response, HttpResponse):
                return response
    return None


def _versions(material):
    return MaterialPage.objects.live().filter(translation_key=material.translation_key)


@require_safe
def download(request, material_id, language, kind):
    """Serve one language's file as an attachment and count it if a reader fetched it whole.

    HEAD, Range requests, 304 revalidations and robots are served but not counted.
    """
    if kind not in KINDS:
        raise Http404
    material = get_object_or_404(MaterialPage.objects.live(), pk=material_id)
    row = material.files_in(language)
    item = getattr(row, kind, None) if row else None
    if item is None:
        raise Http404
    denied = _restricted(request, list(_versions(material)), item, kind)
    if denied is not None:
        return denied

    file_hash = item.file_hash if kind != "image" else item.get_file_hash()
    etag = quote_etag(file_hash or f"{item.pk}-{item.file.name}")
    last_modified = int(item.created_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return not_modified

    canonical = material.canonical()
    if services.is_counted_download(request):
        services.record_download(canonical, language)
        send_event(
            request,
            "Download",
            props={"material": canonical.title, "language": language},
        )
    name = _download_name(canonical, language, kind, item)
    response = FileResponse(item.file.open("rb"), as_attachment=True, filename=name)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Robots-Tag"] = "noindex"
    # Every reuse revalidates, so a cached copy opened again is a 304, not a new download.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _download_name(material, language, kind, item):
    """A name a reader recognises in their downloads folder: leaflet-slug-hmn.pdf."""
    extension = item.file.name.rsplit(".", 1)[-1].lower() if "." in item.file.name else "bin"
    suffix = "" if kind == "document" else f"-{kind}"
    return f"{material.slug}-{language}{suffix}.{extension}"


def _qr_not_found(request):
    with translation.override(settings.LANGUAGE_CODE):
        return render(request, "materials/qr_not_found.html", status=404)


@never_cache
@require_safe
def qr_scan(request, code, batch=""):
    """Count a scan of a printed QR code and send the reader to the material in its language."""
    qr = QrCode.objects.select_related("material").filter(code=code.upper()).first()
    if qr is None:
        return _qr_not_found(request)
    versions = _versions(qr.material).public().select_related("locale")
    target = next(
        (page for page in versions if page.locale.language_code == qr.language), None
    ) or next((page for page in versions if page.pk == qr.material.pk), None)
    if target is None:
        return _qr_not_found(request)
    batch = services.clean_batch(batch or request.GET.get("b", ""))
    if request.method == "GET" and not services.is_bot(request.META.get("HTTP_USER_AGENT", "")):
        services.record_scan(qr, batch)
        props = {"material": qr.material.title, "language": qr.language}
        if batch:
            props["batch"] = batch
        send_event(request, "QR scan", props=props)
    url = target.get_url(request)
    if target.locale.language_code != qr.language:
        url += f"#lang-{qr.language}"
    return redirect(url)


def qr_target_url(request, qr, batch=""):
    """What a printed QR code encodes: the public address (BASE_URL), whatever host the
    officer's admin request used."""
    path = f"/q/{qr.code}" + (f"/{batch}" if batch else "")
    return public_url(path)


def qr_languages(material):
    codes = {row.language for row in material.language_files}
    codes |= set(_versions(material).public().values_list("locale__language_code", flat=True))
    return [code for code, _name in settings.LANGUAGES if code in codes]


def render_qr(request, material, language, fmt, batch=""):
    """An SVG or PNG QR code of the short link of ``material`` in ``language``."""
    if fmt not in ("svg", "png") or language not in qr_languages(material):
        raise Http404
    qr = services.qr_code_for(material, language)
    symbol = segno.make(qr_target_url(request, qr, batch), error="m")
    buffer = io.BytesIO()
    if fmt == "svg":
        symbol.save(buffer, kind="svg", scale=10, border=4, xmldecl=False)
        content_type = "image/svg+xml"
    else:
        symbol.save(buffer, kind="png", scale=12, border=4)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    if request.GET.get("tai"):
        suffix = f"-{batch}" if batch else ""
        response["Content-Disposition"] = (
            f'attachment; filename="qr-{qr.code}-{language}{suffix}.{fmt}"'
        )
    return response


@require_safe
def qr_image(request, material_id, language, fmt):
    material = get_object_or_404(MaterialPage.objects.live().public(), pk=material_id)
    batch = services.clean_batch(request.GET.get("b", ""))
    return render_qr(request, material.canonical(), language, fmt, batch)
