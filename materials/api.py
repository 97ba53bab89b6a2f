"""GET /api/v1/materials: the public list of materials, each with its language versions.

Public (no token): it shows only live pages without view restrictions, which
anyone can already read on the site. Each language version gives its title, its
page, its files, the counted download link and the downloads counted so far.
"""

from typing import Annotated

from django.conf import settings
from django.db.models import Min, Q, Sum
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router, Schema

from common.api import MAX_PAGE, MAX_PAGE_SIZE, PlainInt
from materials.models import DownloadCount, MaterialPage, offered_files

router = Router(auth=None, tags=["materials"])

PAGE_SIZE = 50


class FileOut(Schema):
    kind: str
    url: str
    format: str
    size: int | None


class LanguageVersionOut(Schema):
    language: str
    title: str
    page_url: str | None
    files: list[FileOut]
    video_url: str | None
    download_url: str | None
    downloads: int


class LibraryMaterialOut(Schema):
    id: int
    type: str
    audiences: list[str]
    campaign: str | None
    languages: list[LanguageVersionOut]


class MaterialListOut(Schema):
    count: int
    items: list[LibraryMaterialOut]


def _files(request, row):
    files = []
    for kind in ("document", "image", "audio"):
        item = getattr(row, kind)
        if item is None:
            continue
        name = item.file.name
        files.append(
            {
                "kind": kind,
                "url": request.build_absolute_uri(item.url if kind != "image" else item.file.url),
                "format": name.rsplit(".", 1)[-1].lower() if "." in name else "",
                "size": item.file_size,
            }
        )
    return files


def _download_url(request, canonical, row):
    kind = next((k for k in ("document", "image", "audio") if getattr(row, f"{k}_id")), None)
    if kind is None:
        return None
    prefix = row.language if row.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(prefix):
        path = reverse(
            "material_download",
            kwargs={"material_id": canonical.pk, "language": row.language, "kind": kind},
        )
    return request.build_absolute_uri(path)


@router.get("/materials", response=MaterialListOut, url_name="materials")
def list_materials(
    request,
    page: Annotated[PlainInt, Query(1, ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[PlainInt, Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
):
    """Materials, newest first; ``page`` and ``page_size`` (at most 200) page through them."""
    visible = MaterialPage.objects.live().public()
    groups = (
        visible.values("translation_key")
        .annotate(
            first=Min("pk"),
            source=Min("pk", filter=Q(locale__language_code=settings.LANGUAGE_CODE)),
        )
        .order_by("-first")
    )
    count = groups.count()
    chosen = list(groups[(page - 1) * page_size : page * page_size])
    keys = [group["translation_key"] for group in chosen]
    versions = {}
    for version in visible.filter(translation_key__in=keys).select_related("locale"):
        versions.setdefault(version.translation_key, {})[version.locale.language_code] = version
    canonical_ids = [group["source"] or group["first"] for group in chosen]
    canonicals = {
        material.pk: material
        for material in MaterialPage.objects.filter(pk__in=canonical_ids)
        .select_related("campaign")
        .prefetch_related("audiences")
    }
    rows = {}
    for row in (
        offered_files()
        .filter(page__translation_key__in=keys)
        .select_related("document", "image", "audio", "page")
        .order_by("sort_order", "pk")
    ):
        rows.setdefault(row.page.translation_key, {}).setdefault(row.language, row)
    downloads = {
        (entry["material_id"], entry["language"]): entry["total"]
        for entry in DownloadCount.objects.filter(material_id__in=canonical_ids)
        .values("material_id", "language")
        .annotate(total=Sum("count"))
    }
    order = [code for code, _name in settings.LANGUAGES]
    items = []
    for group, canonical_id in zip(chosen, canonical_ids, strict=True):
        key = group["translation_key"]
        canonical = canonicals[canonical_id]
        pages = versions.get(key, {})
        files = rows.get(key, {})
        languages = []
        for code in [c for c in order if c in pages or c in files]:
            version = pages.get(code)
            row = files.get(code)
            languages.append(
                {
                    "language": code,
                    "title": (version or canonical).title,
                    "page_url": (
                        request.build_absolute_uri(version.get_url(request)) if version else None
                    ),
                    "files": _files(request, row) if row else [],
                    "video_url": (row.video_url or None) if row else None,
                    "download_url": _download_url(request, canonical, row) if row else None,
                    "downloads": downloads.get((canonical.pk, code), 0),
                }
            )
        items.append(
            {
                "id": canonical.pk,
                "type": canonical.material_type,
                "audiences": [audience.code for audience in canonical.audiences.all()],
                "campaign": canonical.campaign.title if canonical.campaign else None,
                "languages": languages,
            }
        )
    return {"count": count, "items": items}
