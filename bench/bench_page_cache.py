"""Throughput of an anonymous article page served from the page cache, against a plain
Django view returning a constant, both served by the same gunicorn in the same run.

The article is rendered once, then every request is a cache hit: it passes the
outer middleware (security, whitenoise) and the page cache, and gets a fresh CSP
nonce. The constant view passes the whole middleware stack and renders nothing.
The ratio of their request rates is the figure; the goal is at least 0.5.

Runs on its own throwaway SQLite database with production settings (DEBUG off);
the cache is each worker's local memory, or Redis with BENCH_CACHE_URL=redis://…:

    .tools/bin/uv run python bench/bench_page_cache.py

The last line printed is the figure.
"""

import datetime
import http.client
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from page_weight import ROOT, configure_environment

GOAL = 0.5
WORKERS = 2
CLIENTS = 8
REQUESTS = 1500
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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_serving(port, server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {server.returncode}")
        try:
            if get(port, "/bench/constant")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 seconds")


def rate(port, path):
    """Requests per second for REQUESTS requests from CLIENTS concurrent clients."""
    remaining = iter(range(REQUESTS))
    lock = threading.Lock()
    failures = []

    def client():
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            status, _headers, _body = get(port, path)
            if status != 200:
                failures.append(status)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"GET {path}: {len(failures)} answers were not 200 ({failures[0]})")
    return REQUESTS / elapsed


def measure(port, article_path):
    status, headers, body = get(port, article_path)
    if status != 200 or ARTICLE_TITLE not in body.decode():
        raise SystemExit(f"GET {article_path} answered {status} without the article")
    for _ in range(4 * WORKERS):  # every worker stores its copy
        _status, headers, _body = get(port, article_path)
    if headers.get("X-Page-Cache") != "hit":
        raise SystemExit(f"GET {article_path} is not served from the page cache: {headers}")
    constant, cached = [], []
    for _round in range(ROUNDS):
        constant.append(rate(port, "/bench/constant"))
        cached.append(rate(port, article_path))
    best_constant, best_cached = max(constant), max(cached)
    print(f"article page {len(body) / 1024:.1f} KB, {WORKERS} gunicorn workers, {CLIENTS} clients")
    print(f"constant view: {best_constant:.0f} requests/s (best of {ROUNDS})")
    print(f"cached article page: {best_cached:.0f} requests/s (best of {ROUNDS})")
    ratio = best_cached / best_constant
    print(f"page cache: {ratio:.2f} of the constant view's throughput (goal ≥ {GOAL})")


def main():
    cache_url = os.environ.get("BENCH_CACHE_URL", "")
    with tempfile.TemporaryDirectory(prefix="bench-page-cache-") as workdir:
        configure_environment(Path(workdir))
        bench_dir = str(ROOT / "bench")
        sys.path.insert(0, bench_dir)
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "page_cache_settings",
                "ALLOWED_HOSTS": "127.0.0.1",
                "BENCH_CACHE_PREFIX": f"bench-page-cache-{os.getpid()}",
            }
        )
        if cache_url:
            os.environ["BENCH_CACHE_URL"] = cache_url
        article_path = prepare_database()
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
                "--pythonpath", f"{ROOT},{bench_dir}", "--log-level", "warning",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), bench_dir])},
        )  # fmt: skip
        try:
            wait_until_serving(port, server)
            measure(port, article_path)
        finally:
            server.terminate()
            server.wait(timeout=30)
            if cache_url:
                forget_cache()


def forget_cache():
    """Leave nothing without an expiry in a shared Redis (the stored pages expire)."""
    from django.core.cache import cache

    from portal.page_cache import GENERATION_KEY

    cache.delete(GENERATION_KEY)


if __name__ == "__main__":
    main()
