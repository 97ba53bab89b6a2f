import pytest
from wagtail.models import Locale

from campaigns.models import Audience
from locales.samples import create_sample_translation, sample_mark
from materials.demo import load_materials, make_pdf
from materials.models import MaterialFile, MaterialIndexPage, MaterialPage, MaterialType
from tests.materials.factories import PHONE_UA, make_document
from tests.materials.plausible_server import RecordingPlausible


@pytest.fixture
def reader(client):
    """The test client with a phone's User-Agent: a reader, not a robot."""
    client.defaults["HTTP_USER_AGENT"] = PHONE_UA
    return client


@pytest.fixture
def demo_library(demo_site):
    """The demo home pages with the demo library and its three materials, and, standing in
    for a translator's work, the library and the leaflet in H'Mông and Khmer (flagged versions
    made with the sample helper) and an H'Mông file of the leaflet."""
    load_materials(demo_site)
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    leaflet = MaterialPage.objects.get(locale=library.locale, slug="canh-giac-loi-moi-viec-lam")
    mark = sample_mark("hmn")
    leaflet.files.add(
        MaterialFile(
            language="hmn",
            document=make_document(
                f"{mark} {leaflet.title}",
                make_pdf(["Cảnh giác"], mark=mark),
                "canh-giac-loi-moi-viec-lam-hmn.pdf",
            ),
        )
    )
    leaflet.save_revision().publish()
    for code in ("hmn", "km"):
        locale = Locale.objects.get(language_code=code)
        create_sample_translation(library, locale)
        create_sample_translation(leaflet, locale)
    return library


@pytest.fixture
def leaflet(demo_library):
    """The demo leaflet: Vietnamese and H'Mông PDFs, pages in vi, hmn and km."""
    return MaterialPage.objects.get(locale__language_code="vi", slug="canh-giac-loi-moi-viec-lam")


@pytest.fixture
def add_material(demo_library):
    """Publish a material in the Vietnamese library with a PDF in each of ``languages``."""

    def add(title, *, material_type=MaterialType.LEAFLET, audiences=(), languages=("vi",), **extra):
        page = MaterialPage(
            locale=Locale.objects.get(language_code="vi"),
            title=title,
            material_type=material_type,
            summary=extra.pop("summary", ""),
            **extra,
        )
        page.audiences.set(Audience.objects.filter(code__in=audiences))
        for code in languages:
            page.files.add(
                MaterialFile(
                    language=code,
                    document=make_document(f"{title} {code}", make_pdf([title]), f"t-{code}.pdf"),
                )
            )
        demo_library.add_child(instance=page)
        page.save_revision().publish()
        return page

    return add


@pytest.fixture
def plausible(settings):
    """A recording Plausible on 127.0.0.1, configured as the site's Plausible."""
    with RecordingPlausible() as server:
        settings.PLAUSIBLE_HOST = server.url
        settings.PLAUSIBLE_DOMAIN = "tuyentruyen.example.vn"
        yield server
