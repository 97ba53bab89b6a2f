"""Weight of the home page on the wire, against the 60 KB budget for a phone on slow 3G.

Counts the Vietnamese home page's HTML and every same-origin stylesheet, script and
font it references, each gzip-compressed as it would travel: static files at
whitenoise's level 9, the HTML at the level-6 default of a reverse proxy. Fonts
(woff2) are already compressed and count as they are.

Runs on its own throwaway PostgreSQL database (bench/support.py) with production
settings (DEBUG off):

    .tools/bin/uv run python bench/bench_home_page.py

The last line printed is the figure. BENCH_SHOW_HTML=1 also prints the HTML measured.
"""

import io
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from support import (
    KB,
    AssetLinks,
    configure_environment,
    gzip_size,
    migrated_database,
    parser,
    static_file,
)

BUDGET_KB = 60
HOME_URL = "/vi/"


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")


def measure():
    import django
    from django.core.management import call_command
    from django.test import Client, override_settings

    django.setup()
    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("compile_catalogs", **quiet)
    call_command("migrate", "--noinput", **quiet)
    call_command("load_demo_content", **quiet)

    # Plain static storage, so files are read from the source tree without a
    # collectstatic run; hashed names would add only a few bytes per URL.
    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain):
        response = Client().get(HOME_URL, HTTP_ACCEPT_ENCODING="gzip")
        if response.status_code != 200:
            raise SystemExit(f"GET {HOME_URL} answered {response.status_code}")
        html = response.content
        if os.environ.get("BENCH_SHOW_HTML"):
            print(html.decode(response.charset or "utf-8"))
        links = AssetLinks()
        links.feed(html.decode(response.charset or "utf-8"))

        sizes = {"HTML": gzip_size(html, 6), "CSS": 0, "JS": 0, "fonts": 0}
        skipped = []
        seen = set()

        def count(kind, url, level=9):
            if url in seen:
                return None
            seen.add(url)
            data = static_file(url)
            if data is None:
                skipped.append(url)
                return None
            sizes[kind] += len(data) if kind == "fonts" else gzip_size(data, level)
            return data

        for url in links.css:
            css = count("CSS", url)
            for ref in CSS_URL.findall(css.decode("utf-8") if css else ""):
                if ref.startswith("data:"):
                    continue
                if ref.split("?")[0].endswith((".woff2", ".woff", ".ttf", ".otf")):
                    count("fonts", urljoin(url, ref))
        for url in links.js:
            count("JS", url)
        for url in links.fonts:
            count("fonts", url)

    for url in skipped:
        print(f"not counted (another host): {url}")
    total = sum(sizes.values())
    parts = " + ".join(
        f"{kind} {size / KB:.1f}" for kind, size in sizes.items() if size or kind != "fonts"
    )
    print(
        f"home page: {total / KB:.1f} KB transferred ({parts}), "
        f"{total / (BUDGET_KB * KB):.2f} of the {BUDGET_KB} KB budget"
    )


def main():
    # --smoke: the page weight is already a small run; the flag keeps `make bench-smoke` uniform.
    args = parser(__doc__).parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-home-") as workdir,
        migrated_database(args.postgres, "bench_home") as database,
    ):
        configure_environment(Path(workdir), database)
        measure()


if __name__ == "__main__":
    main()
