"""Throughput of an anonymous article page served from the page cache, against a plain
Django view returning a constant, both served by the same gunicorn in the same run.

The article is rendered once, then every request is a cache hit: it passes the
outer middleware (security, whitenoise) and the page cache, and gets a fresh CSP
nonce. The constant view passes the whole middleware stack and renders nothing.
The ratio of their request rates is the figure; the goal is at least 0.5.

Runs on its own throwaway PostgreSQL database (bench/support.py) with production
settings (DEBUG off);
the cache is each worker's local memory, or Redis with BENCH_CACHE_URL=redis://…:

    .tools/bin/uv run python bench/bench_page_cache.py [--smoke]

The last line printed is the figure.
"""

import datetime
import io
import os
import tempfile
from pathlib import Path

from support import (
    Server,
    configure_environment,
    get,
    load_note,
    migrated_database,
    parser,
    server_environment,
    wrk,
)

GOAL = 0.5
WORKERS = 2
CONNECTIONS = 16
ROUNDS = 3
ARTICLE_TITLE = "Ra quân Tháng hành động phòng, chống mại dâm"


def prepare_database():
    import django
    from django.core.management import call_command

    django.setup()
    from campaigns.models import ArticleIndexPage, ArticlePage
    from portal.models import HomePage

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("compile_catalogs", **quiet)
    call_command("migrate", "--noinput", **quiet)
    call_command("load_demo_content", **quiet)
    home = HomePage.objects.get(locale__language_code="vi")
    index = home.add_child(instance=ArticleIndexPage(title="Tin tức", slug="tin-tuc"))
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
    from django.db import connections

    connections.close_all()
    return article.url


def measure(server, article_path, seconds):
    status, headers, body = get(server.host + article_path)
    if status != 200 or ARTICLE_TITLE not in body.decode():
        raise SystemExit(f"GET {article_path} answered {status} without the article")
    server.warm(article_path)  # every worker stores its copy
    _status, headers, _body = get(server.host + article_path)
    if headers.get("X-Page-Cache") != "hit":
        raise SystemExit(f"GET {article_path} is not served from the page cache: {headers}")
    constant, cached = [], []
    for _round in range(ROUNDS):
        constant.append(wrk(server.host + "/bench/constant", seconds, CONNECTIONS)["rate"])
        cached.append(wrk(server.host + article_path, seconds, CONNECTIONS)["rate"])
    best_constant, best_cached = max(constant), max(cached)
    print(
        f"article page {len(body) / 1024:.1f} KB, {WORKERS} gunicorn workers, wrk with "
        f"{CONNECTIONS} connections, {seconds} s per run; {load_note()}"
    )
    print(f"constant view: {best_constant:.0f} requests/s (best of {ROUNDS})")
    print(f"cached article page: {best_cached:.0f} requests/s (best of {ROUNDS})")
    ratio = best_cached / best_constant
    print(f"page cache: {ratio:.2f} of the constant view's throughput (goal ≥ {GOAL})")


def main():
    args = parser(__doc__).parse_args()
    seconds = 2 if args.smoke else 5
    cache_url = os.environ.get("BENCH_CACHE_URL", "")
    with (
        tempfile.TemporaryDirectory(prefix="bench-page-cache-") as workdir,
        migrated_database(args.postgres, "bench_page_cache") as database,
    ):
        configure_environment(Path(workdir), database, settings="page_cache_settings")
        os.environ["BENCH_CACHE_PREFIX"] = f"bench-page-cache-{os.getpid()}"
        if cache_url:
            os.environ["BENCH_CACHE_URL"] = cache_url
        article_path = prepare_database()
        env = server_environment(Path(workdir), os.environ["DATABASE_URL"], None)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "page_cache_settings",
                "SECRET_KEY": os.environ["SECRET_KEY"],
                "BENCH_CACHE_PREFIX": os.environ["BENCH_CACHE_PREFIX"],
            }
        )
        if cache_url:
            env["BENCH_CACHE_URL"] = cache_url
        try:
            with Server(env, workers=WORKERS) as server:
                server.wait("/bench/constant")
                measure(server, article_path, seconds)
        finally:
            if cache_url:
                forget_cache()


def forget_cache():
    """Leave nothing without an expiry in a shared Redis (the stored pages expire)."""
    from django.core.cache import cache

    from portal.page_cache import GENERATION_KEY

    cache.delete(GENERATION_KEY)


if __name__ == "__main__":
    main()
