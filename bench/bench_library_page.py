"""Weight of the library, a material and a news article on the wire, against the 50 KB budget.

A student on a cheap phone over slow 3G opens the library (a full first page of
12 materials, with the filter form) and then a leaflet (its text, its language
versions, the first-page preview and the download button). For each page this
counts the HTML and every same-origin stylesheet and script it references,
gzip-compressed as they would travel (static files at whitenoise's level 9, the
HTML at a reverse proxy's level 6), plus the images the page shows (JPEG and
PNG as they are). The PDF itself is not counted: it is fetched only on demand.

Runs on its own throwaway PostgreSQL database (bench/support.py) with production
settings (DEBUG off),
with the demo home pages, the demo library and 12 more materials:

    .tools/bin/uv run python bench/bench_library_page.py

The last line printed is the figure for the heavier page. BENCH_SHOW_HTML=1 prints the HTML.
"""

import io
import os
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from support import (
    KB,
    AssetLinks,
    configure_environment,
    gzip_size,
    migrated_database,
    parser,
    static_file,
)

BUDGET_KB = 50
EXTRA_MATERIALS = 12


class ImageLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])


def make_library():
    """The demo library plus a dozen more leaflets, so the first page of results is full."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Locale

    from campaigns.demo import load_campaigns_demo
    from campaigns.models import Audience
    from materials.demo import load_materials, make_pdf
    from materials.models import MaterialFile, MaterialIndexPage, MaterialPage
    from portal.demo import load_home_pages

    home, _created = load_home_pages()
    load_campaigns_demo(home)
    load_materials(home)
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    vietnamese = Locale.objects.get(language_code="vi")
    for number in range(EXTRA_MATERIALS):
        title = f"Tờ rơi số {number + 1}: Bạn có quyền được an toàn nơi làm việc"
        document = get_document_model()(title=title)
        document.file.save(f"to-roi-{number}.pdf", ContentFile(make_pdf([title])), save=False)
        document._set_document_file_metadata()
        document.save()
        page = MaterialPage(
            locale=vietnamese,
            title=title,
            material_type="leaflet",
            summary=(
                "Những điều người lao động cần biết về quyền của mình, nơi được giúp đỡ và "
                "cách giúp đồng nghiệp khi gặp nguy hiểm."
            ),
        )
        page.audiences.set(Audience.objects.filter(code__in=["students", "iz_workers"]))
        page.files.add(MaterialFile(language="vi", document=document))
        library.add_child(instance=page)
        page.save_revision().publish()
    return library


def media_file(url):
    from django.conf import settings

    return (Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)).read_bytes()


def weigh(client, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    html = response.content
    text = html.decode(response.charset or "utf-8")
    if os.environ.get("BENCH_SHOW_HTML"):
        print(text)
    links = AssetLinks()
    links.feed(text)
    images = ImageLinks()
    images.feed(text)
    sizes = {"HTML": gzip_size(html, 6), "CSS": 0, "JS": 0, "images": 0}
    for kind, urls in (("CSS", links.css), ("JS", links.js)):
        for asset in dict.fromkeys(urls):
            data = static_file(asset)
            if data is None:
                raise SystemExit(f"{url} references another host: {asset}")
            sizes[kind] += gzip_size(data, 9)
    for image in dict.fromkeys(images.images):
        data = static_file(image)
        sizes["images"] += len(data if data is not None else media_file(image))
    return sizes


def describe(label, sizes):
    total = sum(sizes.values())
    parts = " + ".join(f"{kind} {size / KB:.1f}" for kind, size in sizes.items())
    return (
        f"{label}: {total / KB:.1f} KB transferred ({parts}), "
        f"{total / (BUDGET_KB * KB):.2f} of the {BUDGET_KB} KB budget"
    )


def measure():
    import django
    from django.core.management import call_command
    from django.test import Client, override_settings

    django.setup()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("compile_catalogs", **quiet)
    call_command("migrate", "--noinput", **quiet)
    library = make_library()

    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        client = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 10) Mobile")
        from campaigns.models import ArticlePage

        leaflet = library.get_children().live().first().specific
        article = ArticlePage.objects.live().filter(locale__language_code="vi").first()
        pages = {
            f"library {library.url}": weigh(client, library.url),
            f"material {leaflet.url}": weigh(client, leaflet.url),
            f"article {article.url}": weigh(client, article.url),
        }
    print(f"{EXTRA_MATERIALS + 3} materials in the library, 12 on its first page")
    for label, sizes in pages.items():
        print(describe(label, sizes))
    heaviest = max(pages, key=lambda label: sum(pages[label].values()))
    print(f"heaviest: {heaviest}")
    print(describe("library, material or article page", pages[heaviest]))


def main():
    # --smoke: the page weight is already a small run; the flag keeps `make bench-smoke` uniform.
    args = parser(__doc__).parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-library-") as workdir,
        migrated_database(args.postgres, "bench_library") as database,
    ):
        configure_environment(Path(workdir), database)
        measure()


if __name__ == "__main__":
    main()
