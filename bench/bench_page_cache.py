"""Cached pages against a plain Django view: Debian's nginx in front, the in-process page
cache, the public API lists and searches, all measured with wrk in the same run.

The site runs under gunicorn with production settings (DEBUG off) on a throwaway
PostgreSQL database (bench/support.py) with the demo content and an article.
Debian's nginx (packages ``nginx`` and ``libnginx-mod-http-cache-purge``) runs
in front with docs/nginx/outreach.conf itself, only its ports and paths
replaced. Measured, each with wrk (same connections, same seconds):

- the plain view: a Django view returning a constant, straight from gunicorn
  (whole middleware stack, nothing rendered): the baseline;
- the article through nginx, kept in nginx's cache (``X-Cache-Status: HIT``);
- the article straight from gunicorn, a hit of the in-process page cache;
- ``/api/v1/materials`` and ``/api/v1/contests`` from the in-process cache, and
  a conditional request (``If-None-Match``) answered 304;
- the library search and the site search from the in-process cache.

Every figure is printed as a ratio of the plain view's requests/s. Then a
publish is checked to purge nginx (the article is no longer a HIT there).

    .tools/bin/uv run python bench/bench_page_cache.py [--smoke] [--seconds 5]

Goals (issue 12): nginx ≥ 5×, in-process cache ≥ 0.8×, API lists ≥ 0.5×,
searches ≥ 0.3× of the plain view. The last line gives them all.
"""

import datetime
import io
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from support import (
    ROOT,
    Server,
    configure_environment,
    free_port,
    get,
    load_note,
    migrated_database,
    parser,
    server_environment,
    wrk,
)

WORKERS = 2
CONNECTIONS = 16
ARTICLE_TITLE = "Ra quân Tháng hành động phòng, chống mại dâm"
NEW_TITLE = "Tổng kết Tháng hành động phòng, chống mại dâm"
GOALS = {"nginx": 5.0, "in-process": 0.8, "api": 0.5, "search": 0.3}
PURGE_MODULE = "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so"


def parse_args():
    arguments = parser(__doc__)
    arguments.add_argument("--seconds", type=int, default=5, help="wrk seconds per measure")
    args = arguments.parse_args()
    if args.smoke:
        args.seconds = 2
    return args


def prepare_database(proxy_port):
    """Demo content and one published article; returns the paths measured.

    The site's address is nginx's, as in production: purges name that host.
    """
    import django
    from django.core.management import call_command

    django.setup()
    from campaigns.models import ArticleIndexPage, ArticlePage
    from materials.models import MaterialIndexPage
    from portal.models import HomePage

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("compile_catalogs", **quiet)
    call_command("load_demo_content", **quiet)
    home = HomePage.objects.get(locale__language_code="vi")
    index = home.add_child(instance=ArticleIndexPage(title="Tin tức đo tải", slug="tin-do-tai"))
    paragraph = (
        "<p>Sáng nay, hơn 300 học sinh Trường THPT Lâm Bình tham gia buổi tuyên truyền về "
        "phòng, chống mại dâm và mua bán người, với phần hỏi đáp và tiểu phẩm của đoàn viên.</p>"
    )
    article = index.add_child(
        instance=ArticlePage(
            title=ARTICLE_TITLE,
            slug="ra-quan",
            date=datetime.date(2026, 11, 1),
            intro="Hơn 300 học sinh tham gia buổi tuyên truyền đầu tiên của tháng hành động.",
            body=[("paragraph", paragraph)] * 8,
        )
    )
    article.save_revision().publish()
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", proxy_port
    site.save()  # (save, not update: it clears Wagtail's cache of the sites' root URLs)
    library = MaterialIndexPage.objects.live().filter(locale__language_code="vi").first()
    from django.db import connections

    connections.close_all()
    return {
        "article": article.url,
        "article_id": article.pk,
        "library_search": f"{library.url}?q={quote('mại dâm')}",
        "site_search": f"/vi/search/?q={quote('mại dâm')}",
    }


def nginx_config(workdir, web_port, port, purge_port):
    """docs/nginx/outreach.conf with this run's ports and paths, in a main config of its own."""
    site = (ROOT / "docs" / "nginx" / "outreach.conf").read_text()
    site = site.replace("/var/cache/nginx/outreach", str(workdir / "nginx-cache"))
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{web_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{purge_port};")
    (workdir / "site.conf").write_text(site)
    temp = workdir / "nginx-temp"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = f"""load_module {PURGE_MODULE};
{user}worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {workdir}/site.conf;
}}
"""
    (workdir / "nginx.conf").write_text(main)
    return workdir / "nginx.conf"


class Nginx:
    def __init__(self, workdir, web_port):
        if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
            raise SystemExit("nginx is not installed (apt-get install nginx)")
        if not Path(PURGE_MODULE).exists():
            raise SystemExit("apt-get install libnginx-mod-http-cache-purge")
        self.port, self.purge_port = free_port(), free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        config = nginx_config(workdir, web_port, self.port, self.purge_port)
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(  # noqa: S603 (Debian's nginx)
            [binary, "-c", str(config), "-p", str(workdir)], cwd=workdir
        )
        self.log = workdir / "nginx-error.log"

    def wait(self, path):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log.read_text() if self.log.exists() else ""
                raise SystemExit(f"nginx exited: {log}")
            try:
                if get(self.host + path)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("nginx did not answer within 30 s")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def rate(url, seconds, headers=()):
    return wrk(url, seconds, CONNECTIONS, headers=headers)


def check_cached(url, header, expected):
    """Until every gunicorn worker has stored its copy (each has its own memory cache)."""
    for _ in range(4 * WORKERS):
        status, headers, _body = get(url)
        if status == 200 and headers.get(header) == expected:
            for _ in range(2 * WORKERS):
                get(url)
            return headers
    raise SystemExit(f"GET {url}: {status}, {header} = {headers.get(header)!r}, not {expected}")


def publish_new_title(article_id, purge_url):
    from django.conf import settings

    from campaigns.models import ArticlePage

    # Configured only now: the demo content's publishes had nothing to purge.
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_url,
        }
    }
    article = ArticlePage.objects.get(pk=article_id)
    article.title = NEW_TITLE
    article.save_revision().publish()


def measure(args, paths, web, nginx):
    article = paths["article"]
    web.warm("/bench/constant", article, "/api/v1/materials", "/api/v1/contests")
    check_cached(nginx.host + article, "X-Cache-Status", "HIT")
    check_cached(web.host + article, "X-Page-Cache", "hit")
    for name in ("library_search", "site_search"):
        check_cached(web.host + paths[name], "X-Page-Cache", "hit")
    etag = check_cached(web.host + "/api/v1/materials", "X-Page-Cache", "hit")["ETag"]
    if get(web.host + "/api/v1/materials", headers={"If-None-Match": etag})[0] != 304:
        raise SystemExit("/api/v1/materials does not answer 304 to its ETag")

    print(
        f"gunicorn {WORKERS} workers, nginx 1 worker, wrk {CONNECTIONS} connections, "
        f"{args.seconds} s per measure; {load_note()} (other work on the machine moves the "
        "absolute figures; the ratios are measured in the same run)"
    )
    plain = rate(web.host + "/bench/constant", args.seconds)["rate"]
    figures = {
        "nginx cached page": rate(nginx.host + article, args.seconds)["rate"],
        "in-process cached page": rate(web.host + article, args.seconds)["rate"],
        "/api/v1/materials": rate(web.host + "/api/v1/materials", args.seconds)["rate"],
        "/api/v1/contests": rate(web.host + "/api/v1/contests", args.seconds)["rate"],
        "/api/v1/materials 304": rate(
            web.host + "/api/v1/materials", args.seconds, [f"If-None-Match: {etag}"]
        )["rate"],
        "library search": rate(web.host + paths["library_search"], args.seconds)["rate"],
        "site search": rate(web.host + paths["site_search"], args.seconds)["rate"],
    }
    # The baseline again after the others, the best of the two: a busy moment of the
    # machine must not make every ratio look better than it is.
    plain = max(plain, rate(web.host + "/bench/constant", args.seconds)["rate"])
    print(f"plain Django view: {plain:.0f} requests/s (the baseline, best of two runs)")
    ratios = {}
    for label, value in figures.items():
        ratios[label] = value / plain
        print(f"{label}: {value:.0f} requests/s = {ratios[label]:.2f}x the plain view")

    publish_new_title(paths["article_id"], f"http://127.0.0.1:{nginx.purge_port}")
    # nginx must ask gunicorn again (each gunicorn worker's own memory cache may still
    # hold the old page: this process's publish empties only its own; Redis is shared).
    _status, headers, _body = get(nginx.host + article)
    purged = headers.get("X-Cache-Status") != "HIT"
    print(f"publish purges nginx: {'yes' if purged else 'NO'} (X-Cache-Status after: "
          f"{headers.get('X-Cache-Status')})")  # fmt: skip
    api = min(ratios["/api/v1/materials"], ratios["/api/v1/contests"])
    search = min(ratios["library search"], ratios["site search"])
    met = (
        ratios["nginx cached page"] >= GOALS["nginx"]
        and ratios["in-process cached page"] >= GOALS["in-process"]
        and api >= GOALS["api"]
        and search >= GOALS["search"]
    )
    print(
        f"page cache: nginx {ratios['nginx cached page']:.2f}x (goal {GOALS['nginx']}), "
        f"in-process {ratios['in-process cached page']:.2f}x (goal {GOALS['in-process']}), "
        f"API {api:.2f}x (goal {GOALS['api']}), search {search:.2f}x (goal {GOALS['search']}) "
        f"of the plain view ({plain:.0f}/s); {'meets' if met else 'misses'} the goals"
    )
    if not purged:
        raise SystemExit(1)


def main():
    args = parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-page-cache-") as workdir,
        migrated_database(args.postgres, "bench_page_cache") as database,
    ):
        workdir = Path(workdir)
        web_port = free_port()
        nginx = Nginx(workdir, web_port)
        configure_environment(workdir, database, settings="page_cache_settings")
        env = server_environment(workdir, database, None, "page_cache_settings")
        env["SECRET_KEY"] = os.environ["SECRET_KEY"]
        try:
            paths = prepare_database(nginx.port)
            with Server(env, workers=WORKERS, port=web_port) as web:
                web.wait("/bench/constant")
                nginx.wait(paths["article"])
                measure(args, paths, web, nginx)
        finally:
            nginx.stop()


if __name__ == "__main__":
    main()
