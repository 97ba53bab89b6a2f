import io
import re
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.template.loader import render_to_string
from PIL import Image as PillowImage
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (30, 120, 90)).save(buffer, "JPEG")
    return Image.objects.create(
        title="Đoàn viên tuyên truyền",
        file=ImageFile(buffer, name="doan-vien.jpg"),
        description="Đoàn viên phát tờ rơi tại khu công nghiệp",
    )


def test_the_picture_offers_avif_and_webp_with_a_jpeg_fallback_at_three_widths(photo):
    html = render_to_string("components/picture.html", {"image": photo})
    types = re.findall(r'type="(image/[a-z]+)"', html)
    assert types == ["image/avif", "image/webp"]
    img = re.search(r"<img [^>]+>", html).group(0)
    assert re.search(r'src="/media/images/doan-vien[^"]*\.jpg"', img)
    assert 'alt="Đoàn viên phát tờ rơi tại khu công nghiệp"' in img
    assert 'loading="lazy"' in img
    assert 'sizes="100vw"' in html
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        assert [width for _url, width in (part.split() for part in srcset.split(", "))] == [
            "360w",
            "720w",
            "1080w",
        ]


def test_the_avif_and_webp_renditions_are_really_in_those_formats(photo, settings):
    html = render_to_string("components/picture.html", {"image": photo})
    avif = re.search(r'srcset="(/media/images/[^ "]+\.avif) 360w', html).group(1)
    webp = re.search(r'srcset="(/media/images/[^ "]+\.webp) 360w', html).group(1)
    media = Path(settings.MEDIA_ROOT)
    assert (media / avif.removeprefix("/media/")).read_bytes()[4:12] == b"ftypavif"
    assert (media / webp.removeprefix("/media/")).read_bytes()[8:12] == b"WEBP"


def test_sizes_and_eager_loading_can_be_given(photo):
    html = render_to_string(
        "components/picture.html",
        {"image": photo, "sizes": "(min-width: 48rem) 48rem, 100vw", "loading": "eager"},
    )
    assert 'sizes="(min-width: 48rem) 48rem, 100vw"' in html
    assert 'loading="eager"' in html


def test_a_decorative_picture_has_an_empty_alt(photo):
    html = render_to_string("components/picture.html", {"image": photo, "decorative": True})
    assert 'alt=""' in html


def test_an_alt_text_replaces_the_image_description(photo):
    html = render_to_string("components/picture.html", {"image": photo, "alt": "Tờ rơi"})
    assert 'alt="Tờ rơi"' in html


def test_no_image_renders_nothing():
    assert render_to_string("components/picture.html", {"image": None}).strip() == ""
