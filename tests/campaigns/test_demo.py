import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from campaigns.demo import load_campaigns_demo
from campaigns.models import ArticleIndexPage, ArticlePage, CampaignIndexPage, CampaignPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaigns_demo(demo_site):
    load_campaigns_demo(demo_site)
    return demo_site


def test_the_demo_has_a_campaign_index_and_a_news_index_in_vietnamese(campaigns_demo):
    for model in (CampaignIndexPage, ArticleIndexPage):
        codes = set(model.objects.live().values_list("locale__language_code", flat=True))
        assert codes == {"vi"}


def test_demo_has_the_action_month_with_its_peaks_and_vietnamese_articles(campaigns_demo):
    campaign = CampaignPage.objects.get(
        locale__language_code="vi", title="Tháng hành động phòng, chống mại dâm"
    )
    assert campaign.peak_dates.count() == 2
    assert campaign.audiences.count() == 4
    assert campaign.hero_image is not None
    articles = ArticlePage.objects.filter(locale__language_code="vi")
    assert articles.count() == 3
    assert articles.filter(campaign=campaign).count() == 2
    assert all(article.tags.exists() and article.hero_image_id for article in articles)


def test_no_minority_version_is_published_as_a_sample_copy(campaigns_demo):
    for model in (CampaignIndexPage, CampaignPage, ArticleIndexPage, ArticlePage):
        assert not model.objects.exclude(locale__language_code="vi").exists()
        assert not model.objects.filter(awaiting_native_translation=True).exists()


def test_loading_the_demo_twice_changes_nothing(campaigns_demo):
    call_command("load_demo_content", verbosity=0)
    counts = (Page.objects.count(), Revision.objects.count(), get_image_model().objects.count())
    assert load_campaigns_demo(campaigns_demo) == []
    call_command("load_demo_content", verbosity=0)
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        get_image_model().objects.count(),
    ) == counts


def test_demo_pages_render_in_vietnamese_and_are_not_copied_under_another_language(
    client, campaigns_demo
):
    vi = client.get("/vi/chien-dich/thang-hanh-dong-phong-chong-mai-dam/")
    assert vi.status_code == 200
    assert "Tuần cao điểm tại khu công nghiệp" in vi.text
    assert "Hơn 600 công nhân khu công nghiệp" in vi.text
    hmong = client.get("/hmn/tin-bai/cong-nhan-khu-cong-nghiep-nghe-noi-chuyen-chuyen-de/")
    assert hmong.status_code == 404
    index = client.get("/vi/chien-dich/").text
    assert index.index("Tháng hành động phòng, chống mại dâm") < index.index(
        "Hưởng ứng Ngày toàn quốc phòng, chống mua bán người"
    )


def test_demo_uses_no_stigmatising_words(campaigns_demo):
    from campaigns import demo

    text = repr((demo.CAMPAIGNS, demo.ARTICLES)).lower()
    for word in ("gái mại dâm", "gái bán dâm", "cave", "đĩ", "gái điếm"):
        assert word not in text


def test_the_demo_campaigns_show_their_materials_and_fanpage_posts(client, campaigns_demo, tree):
    call_command("load_demo_content", verbosity=0)  # media and posts go to the first province
    pages = CampaignPage.objects.live().filter(locale__language_code="vi")
    html = "".join(client.get(page.url).text for page in pages)
    assert "Tài liệu của chiến dịch" in html
    assert "Trên mạng xã hội" in html
