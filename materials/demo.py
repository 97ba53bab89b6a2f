"""Demo library: a library page under each home page and three materials with real small PDFs.

Only in Vietnamese: minority text is never invented, and no Vietnamese page or file is
published again as a "sample" in another language (see portal.demo). A translator adds a
language's file to a material, and its translated page, when one exists.
"""

import io
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from campaigns.models import Audience, CampaignPage
from materials.models import MaterialFile, MaterialIndexPage, MaterialPage, MaterialType

LIBRARY = {
    "title": "Thư viện tài liệu",
    "slug": "tai-lieu",
    "intro": (
        "<p>Tờ rơi, áp phích, sách hỏi đáp và tài liệu song ngữ tiếng Việt – tiếng dân tộc "
        "để đọc, tải về và in.</p>"
    ),
}

MATERIALS = [
    {
        "slug": "canh-giac-loi-moi-viec-lam",
        "title": "Cảnh giác trước lời mời việc làm lương cao",
        "material_type": MaterialType.LEAFLET,
        "audiences": ["students", "community"],
        "summary": (
            "Phòng, chống mua bán người: những dấu hiệu của lời mời việc làm lừa đảo và việc cần "
            "làm khi bạn hoặc người thân gặp nguy hiểm."
        ),
        "lines": [
            "Cảnh giác trước lời mời việc làm lương cao",
            "Việc nhẹ, lương cao, không cần bằng cấp: hãy hỏi kỹ trước khi đi.",
            "Không đưa giấy tờ tùy thân cho người lạ giữ hộ.",
            "Báo cho gia đình nơi làm việc, số điện thoại của người đưa đi.",
            "Khi gặp nguy hiểm, gọi 111 (miễn phí) hoặc báo công an xã.",
        ],
    },
    {
        "slug": "hoi-dap-cho-nguoi-lao-dong",
        "title": "Hỏi đáp về phòng, chống mại dâm cho người lao động",
        "material_type": MaterialType.QA,
        "audiences": ["iz_workers", "establishment_workers"],
        "summary": (
            "Mười câu hỏi thường gặp của người lao động về quyền của mình, nơi được giúp đỡ và "
            "cách giúp đồng nghiệp."
        ),
        "lines": [
            "Hỏi đáp về phòng, chống mại dâm cho người lao động",
            "Hỏi: Chủ cơ sở giữ giấy tờ của tôi có đúng không? Đáp: Không. Bạn có quyền giữ.",
            "Hỏi: Tôi bị ép làm việc ngoài hợp đồng thì báo ai? Đáp: Công đoàn, công an, 111.",
            "Hỏi: Người từng bán dâm có được hỗ trợ không? Đáp: Có: y tế, học nghề, việc làm.",
        ],
    },
    {
        "slug": "ap-phich-noi-khong-voi-mua-ban-nguoi",
        "title": "Áp phích: Chung tay nói không với mua bán người",
        "material_type": MaterialType.POSTER,
        "audiences": ["students", "iz_workers", "community"],
        "summary": "Áp phích khổ A3 để dán ở trường học, nhà văn hóa thôn và khu nhà trọ.",
        "lines": [
            "Chung tay nói không với mua bán người",
            "Tôn trọng – Lắng nghe – Giúp đỡ",
            "Đường dây nóng 111 (miễn phí, 24/7)",
        ],
    },
]

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]


def _font():
    """A font with Vietnamese letters if the system has one; else Helvetica without accents."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            if "DemoSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DemoSans", candidate))
            return "DemoSans", True
    return "Helvetica", False


def _plain(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def make_pdf(lines, mark=""):
    """A one-page A5 PDF of ``lines``; ``mark`` (a sample notice) goes on top."""
    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    font, unicode_ok = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5, invariant=1)
    _width, height = A5
    y = height - 50
    for number, line in enumerate(([mark] if mark else []) + lines):
        text = line if unicode_ok else _plain(line)
        size = 15 if number == (1 if mark else 0) else 11
        pdf.setFont(font, size)
        for chunk in _wrap(text, 48 if size == 11 else 40):
            pdf.drawString(36, y, chunk)
            y -= size + 8
        y -= 6
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text, width):
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def _document(title, filename, data):
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _library_for(home):
    library = MaterialIndexPage.objects.child_of(home).first()
    if library is None:
        library = MaterialIndexPage(locale=home.locale, **LIBRARY)
        home.add_child(instance=library)
        library.save_revision().publish()
    return library


def _create_material(library, spec, campaign):
    pdf = make_pdf(spec["lines"])
    page = MaterialPage(
        locale=library.locale,
        title=spec["title"],
        slug=spec["slug"],
        material_type=spec["material_type"],
        summary=spec["summary"],
        body="".join(f"<p>{line}</p>" for line in spec["lines"][1:]),
        campaign=campaign,
    )
    page.audiences.set(Audience.objects.filter(code__in=spec["audiences"]))
    page.files.add(
        MaterialFile(
            language=settings.LANGUAGE_CODE,
            document=_document(spec["title"], f"{spec['slug']}-vi.pdf", pdf),
        )
    )
    library.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load_materials(home):
    """A library under the Vietnamese home page (and its translations) and the demo materials;
    a second run changes nothing. Returns the slugs of the materials created.
    """
    source_locale = home.locale
    library = _library_for(home)
    campaign = CampaignPage.objects.live().filter(locale=source_locale).first()
    created = []
    for spec in MATERIALS:
        if MaterialPage.objects.child_of(library).filter(slug=spec["slug"]).exists():
            continue
        _create_material(library, spec, campaign)
        created.append(spec["slug"])
    return created
