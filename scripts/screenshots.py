"""Take the README's screenshots from a running server, in Debian's headless Chromium.

    make run        # in another terminal: serves http://127.0.0.1:8000 with demo content
    .tools/bin/uv run python scripts/screenshots.py [--base-url URL] [--out DIR]

Writes home-vi.png and home-hmn.png (a 360 px phone) and admin-login.png
(a desktop window) into docs/screenshots/. The PNGs are not committed by this script.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "screen": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 10; SM-A105F) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

# (file name, path, device, the language the page must declare)
SHOTS = [
    ("home-vi.png", "/vi/", PHONE, "vi"),
    ("home-hmn.png", "/hmn/", PHONE, "hmn"),
    ("admin-login.png", "/admin/login/", DESKTOP, None),
]


def take(browser, base_url, out_dir, full_page):
    for name, path, device, lang in SHOTS:
        context = browser.new_context(**device)
        try:
            page = context.new_page()
            url = base_url.rstrip("/") + path
            try:
                response = page.goto(url, wait_until="networkidle")
            except PlaywrightError as error:
                raise SystemExit(f"{url}: {error.message.splitlines()[0]}") from None
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                raise SystemExit(f"{path}: {status}; is the server running with demo content?")
            if lang is not None:
                page.wait_for_selector(f'html[lang="{lang}"]', state="attached")
            target = out_dir / name
            page.screenshot(path=target, full_page=full_page and device is PHONE)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        finally:
            context.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--full-page", action="store_true", help="capture whole phone pages, not one screen"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            take(browser, args.base_url, args.out.resolve(), args.full_page)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
