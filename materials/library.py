"""What the library page and a material page show: filters, search, pages, language versions."""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import AudienceCode, CampaignPage
from common import page_views
from materials.models import (
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    language_name,
    offered_files,
)

PAGE_SIZE = 12
SEARCH_LIMIT = 200


class LibraryFilterForm(forms.Form):
    """The library's GET form; an unknown value is ignored rather than refused."""

    q = forms.CharField(label=gettext_lazy("Tìm trong thư viện"), required=False, max_length=200)
    type = forms.ChoiceField(label=gettext_lazy("Loại tài liệu"), required=False)
    audience = forms.ChoiceField(label=gettext_lazy("Dành cho"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Ngôn ngữ"), required=False)
    campaign = forms.TypedChoiceField(
        label=gettext_lazy("Chiến dịch"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["type"].choices = everything + list(MaterialType.choices)
        self.fields["audience"].choices = everything + list(AudienceCode.choices)
        self.fields["language"].choices = everything + [
            (code, language_name(code)) for code, _name in settings.LANGUAGES
        ]
        self.fields["campaign"].choices = everything + [(c.pk, c.title) for c in campaigns]

    def filters(self):
        # An invalid field drops out of cleaned_data: a stale link still filters by the rest.
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def _campaigns_of(materials):
    """The campaigns the library's materials belong to, named in the visitor's language."""
    campaigns = CampaignPage.objects.filter(
        pk__in=materials.exclude(campaign=None).values("campaign")
    ).order_by("-starts_on")
    return list(campaigns)


def filter_materials(materials, filters, locale):
    if filters.get("type"):
        materials = materials.filter(material_type=filters["type"])
    if filters.get("audience"):
        materials = materials.filter(audiences__code=filters["audience"])
    if filters.get("language"):
        materials = materials.filter(
            translation_key__in=offered_files()
            .filter(language=filters["language"])
            .values("page__translation_key")
        )
    if filters.get("campaign"):
        materials = materials.filter(campaign_id=filters["campaign"])
    if filters.get("q"):
        found = (
            MaterialPage.objects.live()
            .filter(locale=locale)
            .search(filters["q"], operator="and")[:SEARCH_LIMIT]
        )
        # Best match first (the page spelled as typed before the others), not newest first.
        ranks = [When(pk=page.pk, then=Value(rank)) for rank, page in enumerate(found)]
        if not ranks:
            return materials.none()
        materials = (
            materials.filter(pk__in=[page.pk for page in found])
            .annotate(search_rank=Case(*ranks, default=Value(len(ranks))))
            .order_by("search_rank", *materials.query.order_by)
        )
    return materials.distinct()


def languages_by_material(pages):
    """{translation_key: [language codes with a file]} for a page of results, in one query."""
    keys = [page.translation_key for page in pages]
    rows = (
        offered_files()
        .filter(page__translation_key__in=keys)
        .values_list("page__translation_key", "language")
    )
    order = [code for code, _name in settings.LANGUAGES]
    found = {}
    for key, language in rows:
        found.setdefault(key, set()).add(language)
    return {key: [code for code in order if code in codes] for key, codes in found.items()}


def versions_in(pages, language, index_page, request):
    """{translation_key: url} of the pages in ``language``: a reader who filtered on H'Mông
    lands on the H'Mông page when there is one."""
    if not language or language == index_page.locale.language_code:
        return {}
    versions = (
        MaterialPage.objects.live()
        .public()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
        )
    )
    return {version.translation_key: version.get_url(request) for version in versions}


@page_views.context_of(MaterialIndexPage)
def library_context(index_page, request):
    materials = (
        MaterialPage.objects.child_of(index_page)
        .live()
        .public()
        .order_by("-first_published_at", "-pk")
    )
    form = LibraryFilterForm(request.GET or None, campaigns=_campaigns_of(materials))
    filters = form.filters() if request.GET else {}
    results = filter_materials(materials, filters, index_page.locale)
    paginator = Paginator(results.prefetch_related("audiences"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("trang"))
    languages = languages_by_material(page_obj.object_list)
    links = versions_in(page_obj.object_list, filters.get("language"), index_page, request)
    items = [
        {
            "page": page,
            "url": links.get(page.translation_key) or page.get_url(request),
            "languages": [
                {"code": code, "name": language_name(code)}
                for code in languages.get(page.translation_key, [])
            ],
        }
        for page in page_obj.object_list
    ]
    query = request.GET.copy()
    query.pop("trang", None)
    return {
        "form": form,
        "items": items,
        "page_obj": page_obj,
        "filtered": bool(filters),
        "query_string": query.urlencode(),
    }


def _size_label(size):
    if not size:
        return ""
    if size < 1024 * 1024:
        return _("%(size)s KB") % {"size": max(1, round(size / 1024))}
    return _("%(size)s MB") % {"size": f"{size / (1024 * 1024):.1f}".replace(".", ",")}


def file_entries(row, material, language):
    """What a reader is offered for one language: each file with its format, size and link."""
    entries = []
    for kind, label, item in (
        ("document", _("Tài liệu"), row.document),
        ("image", _("Ảnh"), row.image),
        ("audio", _("Âm thanh"), row.audio),
    ):
        if item is None:
            continue
        extension = item.file.name.rsplit(".", 1)[-1].upper() if "." in item.file.name else ""
        size = item.file_size if kind != "image" else item.get_file_size()
        entries.append(
            {
                "kind": kind,
                "label": label,
                "format": extension,
                "size": _size_label(size),
                "url": reverse(
                    "material_download",
                    kwargs={"material_id": material.pk, "language": language, "kind": kind},
                ),
                "file_url": item.url if kind != "image" else item.file.url,
            }
        )
    return entries


@page_views.context_of(MaterialPage)
def material_context(page, request):
    language = page.locale.language_code
    canonical = page.canonical()
    versions = {
        version.locale.language_code: version
        for version in MaterialPage.objects.live()
        .public()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
    }
    rows = {row.language: row for row in page.language_files}
    order = [code for code, _name in settings.LANGUAGES]
    available = [code for code in order if code in rows]
    here = rows.get(language)
    languages = [
        {
            "code": code,
            "name": language_name(code),
            "url": versions[code].url if code in versions else "",
            "current": code == language,
            "files": file_entries(rows[code], canonical, code),
        }
        for code in available
    ]
    qr_languages = [code for code in order if code in rows or code in versions]
    return {
        "language": language,
        "here": here,
        "here_files": file_entries(here, canonical, language) if here else [],
        "preview": here.preview if here else None,
        "languages": languages,
        "other_languages": [entry for entry in languages if not entry["current"]],
        "available_names": ", ".join(entry["name"] for entry in languages),
        "audiences": list(page.audiences.all()),
        "campaign": page.campaign.localized if page.campaign_id else None,
        "qr_codes": [
            {
                "code": code,
                "name": language_name(code),
                "svg": reverse(
                    "material_qr",
                    kwargs={"material_id": canonical.pk, "language": code, "fmt": "svg"},
                ),
                "png": reverse(
                    "material_qr",
                    kwargs={"material_id": canonical.pk, "language": code, "fmt": "png"},
                ),
            }
            for code in qr_languages
        ],
    }
