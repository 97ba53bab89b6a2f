"""Demo media log items and fanpage posts, so that a first run shows the log, the press
indicator, the fanpage calendar and a campaign's latest posts.

Everything is dated relative to today (the last three months, the coming weeks)
and keyed by its title or text, so a second run finds what the first made and
changes nothing. Items belong to Tuyên Quang (code 08) when the official units
are loaded, else to the first province; without any province nothing is made.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from campaigns.fanpage import FanpageFigures, FanpagePost, PostStatus
from campaigns.models import CampaignPage, MediaItem
from places.models import Level, OrgUnit

DEMO_PROVINCE_CODE = "08"

# (days ago, outlet, level, kind, title, url, language)
MEDIA_ITEMS = (
    (80, "Báo Tuyên Quang", "provincial", "newspaper",
     "Tuyên Quang ra quân tháng hành động phòng, chống mại dâm", "", "vi"),
    (62, "Báo Lao Động", "central", "online_newspaper",
     "Người lao động khu công nghiệp được trang bị kiến thức tự bảo vệ",
     "https://laodong.vn/", "vi"),
    (45, "Đài Phát thanh và Truyền hình Tuyên Quang", "provincial", "television",
     "Phóng sự: Những buổi sinh hoạt ngoại khóa ở trường dân tộc nội trú", "", "vi"),
    (40, "Đài Phát thanh và Truyền hình Tuyên Quang", "provincial", "radio",
     "Chương trình tiếng H'Mông: Cảnh giác trước lời mời đi làm xa", "", "hmn"),
    (20, "Đài truyền thanh xã", "commune", "loudspeaker",
     "Bản tin tối: đường dây nóng hỗ trợ người bị mua bán", "", "vi"),
    (12, "Báo Tuyên Quang điện tử", "provincial", "online_newspaper",
     "Hội thi tìm hiểu pháp luật về phòng, chống mại dâm cho thanh niên", "", "vi"),
    (5, "Trang Zalo của Hội Liên hiệp Phụ nữ tỉnh", "provincial", "social_post",
     "Chia sẻ số đường dây nóng 111 và cách nhận biết lời mời việc làm lừa đảo", "", "vi"),
)  # fmt: skip

# (channel, status, days from today, hour, language, text, hashtags, url, figures)
FANPAGE_POSTS = (
    ("facebook", PostStatus.PUBLISHED, -14, 9, "vi",
     "Tháng hành động: mỗi người một việc làm để bảo vệ người thân khỏi bị mua bán.",
     "#PhongChongMaiDam #ThangHanhDong",
     "https://www.facebook.com/phongchongmaidam.demo/posts/1001",
     {"reach": 2100, "views": 3400, "reactions": 80, "shares": 8, "comments": 15}),
    ("tiktok", PostStatus.PUBLISHED, -7, 19, "vi",
     "Đi làm xa nhà? Ba câu hỏi cần hỏi trước khi nhận lời mời việc làm.",
     "#ViecLamAnToan #PhongChongMuaBanNguoi",
     "https://www.tiktok.com/@phongchong.demo/video/7412345678901234567",
     {"reach": 12100, "views": 18400, "reactions": 1200, "shares": 31, "comments": 48}),
    ("youtube", PostStatus.PUBLISHED, -3, 20, "hmn",
     "Txhua tus neeg muaj cai nyob kom muaj kev nyab xeeb thiab tau txais kev pab.",
     "#PhongChongMaiDam",
     "https://www.youtube.com/watch?v=demo0000001",
     {"views": 950, "reactions": 40, "shares": 7, "comments": 3}),
    ("zalo", PostStatus.PLANNED, 3, 8, "vi",
     "Số đường dây nóng 111 miễn phí, 24/7: lưu lại và chia sẻ cho người thân.",
     "#DuongDayNong111", "", None),
    ("facebook", PostStatus.PLANNED, 9, 9, "vi",
     "Hỏi đáp: quyền của người lao động tại cơ sở dịch vụ.", "#QuyenNguoiLaoDong", "", None),
    ("tiktok", PostStatus.IDEA, None, None, "vi",
     "Ý tưởng: video ngắn phỏng vấn cô giáo trường dân tộc nội trú.", "", "", None),
)  # fmt: skip


def demo_unit():
    provinces = OrgUnit.objects.filter(level=Level.PROVINCE, valid_until__isnull=True)
    return provinces.filter(code=DEMO_PROVINCE_CODE).first() or provinces.order_by("code").first()


@transaction.atomic
def load_media_demo(today=None):
    """Create the demo items and posts that are missing; returns how many were created."""
    unit = demo_unit()
    if unit is None:
        return 0
    today = today or timezone.localdate()
    commune = (
        OrgUnit.objects.filter(parent=unit, level=Level.COMMUNE, valid_until__isnull=True)
        .order_by("code")
        .first()
    )
    campaign = CampaignPage.objects.filter(locale__language_code="vi").order_by("pk").first()
    created = 0
    for days_ago, outlet, level, kind, title, url, language in MEDIA_ITEMS:
        _item, made = MediaItem.objects.get_or_create(
            title=title,
            outlet=outlet,
            org_unit=commune if level == "commune" and commune else unit,
            defaults={
                "published_on": today - datetime.timedelta(days=days_ago),
                "level": level,
                "channel": kind,
                "url": url,
                "language": language,
                "campaign": campaign,
            },
        )
        created += made
    for channel, status, days, hour, language, text, hashtags, url, figures in FANPAGE_POSTS:
        when = None
        if days is not None:
            day = today + datetime.timedelta(days=days)
            when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        post, made = FanpagePost.objects.get_or_create(
            text=text,
            org_unit=unit,
            defaults={
                "channel": channel,
                "status": status,
                "language": language,
                "hashtags": hashtags,
                "campaign": campaign,
                "planned_at": when,
                "published_at": when if status == PostStatus.PUBLISHED else None,
                "published_url": url,
            },
        )
        created += made
        if made and figures:
            FanpageFigures.objects.create(post=post, as_of=today, source="demo", **figures)
    return created
