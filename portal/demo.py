"""Demo content for a first run: a Vietnamese home page and a home page per minority language.

Minority text is never invented, and no Vietnamese page is published again as a
"sample" copy. A minority home page that no translator has written yet
(``awaiting_native_translation``) carries only the Vietnamese title and the hotline,
marked as Vietnamese; it says in one line, in the reader's language where the catalog
has it, that more is in Vietnamese, and its menu leads to the Vietnamese sections.
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from portal.models import HomePage

HOME = {
    "title": "Chung tay phòng, chống mại dâm và mua bán người",
    "slug": "trang-chu",
    "intro": (
        "Thông tin, tài liệu và hoạt động tuyên truyền phòng, chống mại dâm và mua bán người "
        "dành cho học sinh, sinh viên, người lao động và cộng đồng."
    ),
    "body": (
        "<p>Mỗi người đều có quyền được sống an toàn, được tôn trọng và được giúp đỡ. "
        "Trang này giới thiệu các hoạt động tuyên truyền tại trường học, khu công nghiệp và thôn, "
        "bản; tài liệu song ngữ tiếng Việt và tiếng dân tộc; cùng các cuộc thi tìm hiểu dành "
        "cho thanh niên.</p>"
        "<p>Nếu bạn hoặc người thân bị lừa đảo, ép buộc hay bị đưa đi làm việc trái ý muốn, "
        "hãy liên hệ ngay chính quyền địa phương hoặc đường dây nóng dưới đây.</p>"
    ),
    "hotline_label": "Tổng đài quốc gia bảo vệ trẻ em (miễn phí, 24/7)",
    "hotline_number": "111",
}


def ensure_locales():
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


@transaction.atomic
def load_home_pages():
    """Create the Vietnamese home page and its translations; a second run changes nothing."""
    ensure_locales()
    source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    home = HomePage.objects.filter(locale=source_locale).first()
    created = []
    if home is None:
        home = _create_source_home(source_locale)
        created.append(settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        locale = Locale.objects.get(language_code=code)
        if not home.get_translations().filter(locale=locale).exists():
            create_language_home(home, locale)
            created.append(code)
    return home, created


def create_language_home(home, locale):
    """The home page of ``locale`` before a translator writes it: the Vietnamese title and
    hotline, no copied text, flagged as not translated, published."""
    page = home.copy_for_translation(locale)
    page.intro = ""
    page.body = ""
    page.awaiting_native_translation = True
    page.save_revision().publish()
    return page


def _create_source_home(locale):
    root = Page.get_first_root_node()
    home = HomePage(locale=locale, **HOME)
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    previous_root = site.root_page if site else None
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    # Wagtail's installer leaves a "Welcome to Wagtail" page that nothing should link to.
    if previous_root is not None and previous_root.specific_class is Page:
        previous_root.delete()
    return home
