"""Demo campaigns and news: a campaign index and a news index under each home page, the
action-month campaign with its peaks, an earlier campaign, and three Vietnamese articles.

Only in Vietnamese: a minority-language version is a translator's work, never a copy
of the Vietnamese text published as a "sample" (see portal.demo). A reader of another
language reaches these pages, in Vietnamese, from the menu.
"""

import io
from datetime import date

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from campaigns.models import (
    ArticleIndexPage,
    ArticlePage,
    Audience,
    AudienceCode,
    CampaignIndexPage,
    CampaignPage,
    CampaignPeak,
)

CAMPAIGN_INDEX = {
    "title": "Chiến dịch truyền thông",
    "slug": "chien-dich",
    "intro": "<p>Các đợt tuyên truyền cao điểm về phòng, chống mại dâm và mua bán người.</p>",
}
NEWS_INDEX = {
    "title": "Tin bài",
    "slug": "tin-bai",
    "intro": (
        "<p>Tin tức về hoạt động tuyên truyền tại trường học, khu công nghiệp và thôn, bản.</p>"
    ),
}

CAMPAIGNS = [
    {
        "title": "Tháng hành động phòng, chống mại dâm",
        "slug": "thang-hanh-dong-phong-chong-mai-dam",
        "theme": "Chung tay vì cộng đồng an toàn, không kỳ thị, không phân biệt đối xử",
        "intro": (
            "Một tháng tuyên truyền tập trung tại trường học, khu công nghiệp, cơ sở kinh doanh "
            "dịch vụ và thôn, bản, đặc biệt ở vùng đồng bào dân tộc thiểu số."
        ),
        "starts_on": date(2026, 11, 1),
        "ends_on": date(2026, 12, 15),
        "audiences": [
            AudienceCode.STUDENTS,
            AudienceCode.IZ_WORKERS,
            AudienceCode.ESTABLISHMENT_WORKERS,
            AudienceCode.COMMUNITY,
        ],
        "body": (
            "<p>Trong tháng hành động, các xã, phường tổ chức nói chuyện chuyên đề, sinh hoạt "
            "nhóm, phát thanh trên loa truyền thanh cơ sở và phát tài liệu song ngữ tiếng Việt "
            "và tiếng dân tộc.</p>"
            "<p>Thông điệp chính: mỗi người đều có quyền được an toàn và được giúp đỡ; người "
            "bán dâm và nạn nhân của mua bán người cần được hỗ trợ, không bị kỳ thị.</p>"
        ),
        "peaks": [
            ("Tuần cao điểm tại khu công nghiệp", date(2026, 11, 9), date(2026, 11, 15)),
            ("Tuần cao điểm trong trường học", date(2026, 11, 23), date(2026, 11, 29)),
        ],
        "colour": (11, 93, 107),
    },
    {
        "title": "Hưởng ứng Ngày toàn quốc phòng, chống mua bán người",
        "slug": "ngay-toan-quoc-phong-chong-mua-ban-nguoi",
        "theme": "Cảnh giác trước lời mời làm việc nhẹ, lương cao",
        "intro": "Các hoạt động hưởng ứng ngày 30 tháng 7 hằng năm.",
        "starts_on": date(2026, 7, 1),
        "ends_on": date(2026, 7, 31),
        "audiences": [AudienceCode.STUDENTS, AudienceCode.COMMUNITY],
        "body": (
            "<p>Thanh niên được hướng dẫn cách nhận biết lời mời làm việc, kết hôn hay xuất khẩu "
            "lao động có dấu hiệu lừa đảo, và biết gọi đường dây nóng khi cần giúp đỡ.</p>"
        ),
        "peaks": [
            ("Ngày toàn quốc phòng, chống mua bán người", date(2026, 7, 30), date(2026, 7, 30))
        ],
        "colour": (168, 50, 31),
    },
]

ARTICLES = [
    {
        "title": "Hơn 600 công nhân khu công nghiệp tham gia nói chuyện chuyên đề",
        "slug": "cong-nhan-khu-cong-nghiep-nghe-noi-chuyen-chuyen-de",
        "campaign": "thang-hanh-dong-phong-chong-mai-dam",
        "date": date(2026, 11, 12),
        "intro": (
            "Trong tuần cao điểm, công đoàn và Đoàn Thanh niên tổ chức ba buổi nói chuyện tại "
            "nhà ăn ca của các doanh nghiệp."
        ),
        "audiences": [AudienceCode.IZ_WORKERS],
        "tags": ["khu công nghiệp", "nói chuyện chuyên đề"],
        "paragraphs": [
            "Các buổi nói chuyện được tổ chức vào giờ nghỉ trưa để người lao động dễ tham gia. "
            "Báo cáo viên giới thiệu quy định của pháp luật, các thủ đoạn lừa đảo thường gặp và "
            "nơi tìm sự giúp đỡ.",
            "Nhiều công nhân là người dân tộc thiểu số đến từ các tỉnh miền núi; ban tổ chức phát "
            "tờ rơi song ngữ và mời đồng đẳng viên cùng dân tộc trao đổi trực tiếp.",
        ],
        "quote": (
            "Chúng tôi muốn mọi người biết mình có quyền được bảo vệ và biết gọi ai khi cần.",
            "Đại diện công đoàn khu công nghiệp",
        ),
        "colour": (24, 110, 70),
    },
    {
        "title": "Học sinh trường dân tộc nội trú tìm hiểu về phòng, chống mua bán người",
        "slug": "hoc-sinh-truong-dan-toc-noi-tru-tim-hieu",
        "campaign": "thang-hanh-dong-phong-chong-mai-dam",
        "date": date(2026, 11, 24),
        "intro": (
            "Sinh hoạt ngoại khoá với tình huống giả định giúp học sinh nhận biết lời rủ rê "
            "có dấu hiệu lừa đảo."
        ),
        "audiences": [AudienceCode.STUDENTS],
        "tags": ["học sinh", "tài liệu song ngữ"],
        "paragraphs": [
            "Học sinh chia nhóm, đóng vai và cùng thảo luận cách từ chối, cách báo cho thầy cô, "
            "gia đình và chính quyền khi gặp tình huống nghi vấn.",
            "Nhà trường phát tài liệu hỏi đáp bằng tiếng Việt và tiếng H'Mông cho học sinh mang "
            "về chia sẻ với gia đình.",
        ],
        "quote": None,
        "colour": (80, 60, 140),
    },
    {
        "title": "Thanh niên hưởng ứng Ngày toàn quốc phòng, chống mua bán người",
        "slug": "thanh-nien-huong-ung-ngay-30-7",
        "campaign": "ngay-toan-quoc-phong-chong-mua-ban-nguoi",
        "date": date(2026, 7, 30),
        "intro": "Đoàn viên các xã tổ chức mít tinh và phát thanh trên loa truyền thanh cơ sở.",
        "audiences": [AudienceCode.STUDENTS, AudienceCode.COMMUNITY],
        "tags": ["thanh niên", "loa truyền thanh"],
        "paragraphs": [
            "Bản tin phát thanh được đọc bằng tiếng Việt và tiếng dân tộc vào buổi sáng và buổi "
            "tối trong suốt tuần hưởng ứng.",
        ],
        "quote": None,
        "colour": (150, 100, 20),
    },
]


@transaction.atomic
def load_campaigns_demo(home):
    """Create the demo indexes, campaigns and articles under the Vietnamese ``home``; a second
    run changes nothing. Returns the slugs created."""
    created = [
        spec["slug"]
        for model, spec in ((CampaignIndexPage, CAMPAIGN_INDEX), (ArticleIndexPage, NEWS_INDEX))
        if not model.objects.child_of(home).filter(slug=spec["slug"]).exists()
    ]
    campaign_index = _child(home, CampaignIndexPage, CAMPAIGN_INDEX)
    news_index = _child(home, ArticleIndexPage, NEWS_INDEX)
    campaigns = {}
    for spec in CAMPAIGNS:
        campaigns[spec["slug"]] = _campaign(campaign_index, spec)
    for spec in ARTICLES:
        _article(news_index, spec, campaigns[spec["campaign"]])
    return created


def _child(parent, model, spec):
    existing = model.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    page = model(show_in_menus=True, **spec)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _campaign(index, spec):
    existing = CampaignPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    fields = {key: spec[key] for key in ("title", "slug", "theme", "intro", "starts_on", "ends_on")}
    page = CampaignPage(
        body=spec["body"], hero_image=demo_image(spec["title"], spec["colour"]), **fields
    )
    for label, starts_on, ends_on in spec["peaks"]:
        page.peak_dates.add(CampaignPeak(label=label, starts_on=starts_on, ends_on=ends_on))
    page.audiences = list(Audience.objects.filter(code__in=spec["audiences"]))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _article(index, spec, campaign):
    existing = ArticlePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    image = demo_image(spec["title"], spec["colour"])
    body = [("paragraph", f"<p>{spec['paragraphs'][0]}</p>")]
    if spec["quote"]:
        text, attribution = spec["quote"]
        body.append(("quote", {"text": text, "attribution": attribution}))
    body += [("paragraph", f"<p>{text}</p>") for text in spec["paragraphs"][1:]]
    # The generated banner shows nothing a reader needs described: it is decorative.
    body.append(("image", {"image": image, "alt_text": "", "decorative": True}))
    page = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        date=spec["date"],
        intro=spec["intro"],
        hero_image=image,
        campaign=campaign,
        body=body,
    )
    page.audiences = list(Audience.objects.filter(code__in=spec["audiences"]))
    page.tags.add(*spec["tags"])
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_image(title, colour, size=(1200, 675)):
    """A plain banner drawn by Pillow (no text: alt text comes from the image's title)."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = PillowImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    width, height = size
    light = tuple(min(255, channel + 70) for channel in colour)
    draw.ellipse((width * 0.55, -height * 0.3, width * 1.2, height * 0.9), fill=light)
    draw.rectangle((0, height * 0.78, width, height), fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    image = Image(title=title, file=ImageFile(buffer, name="demo-banner.jpg"))
    image.save()
    return image
