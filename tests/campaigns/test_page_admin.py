"""An officer writes a campaign with its peaks and an article under it in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from campaigns.models import ArticlePage, CampaignPage
from tests.places.factories import UserFactory

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def officer_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True), backend=MODEL_BACKEND)
    return client


def add_page_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def test_officer_creates_a_campaign_with_peaks_and_publishes_it(officer_client, campaign_index):
    data = nested_form_data(
        {
            "title": "Tháng hành động",
            "slug": "thang-hanh-dong",
            "theme": "Cộng đồng an toàn",
            "intro": "Một tháng tuyên truyền tập trung.",
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-30",
            "peak_dates": inline_formset(
                [{"label": "Tuần cao điểm", "starts_on": "2026-11-23", "ends_on": "2026-11-29"}]
            ),
            "body": rich_text("<p>Nội dung chiến dịch.</p>"),
            "action-publish": "publish",
        }
    )
    response = officer_client.post(add_page_url(CampaignPage, campaign_index), data)
    assert response.status_code == 302, response.context["form"].errors
    campaign = CampaignPage.objects.get(slug="thang-hanh-dong")
    assert campaign.live
    peak = campaign.peak_dates.get()
    assert peak.label == "Tuần cao điểm" and peak.locale_id == campaign.locale_id


def test_officer_writes_an_article_with_tags_under_a_campaign(
    officer_client, news_index, make_campaign
):
    campaign = make_campaign()
    data = nested_form_data(
        {
            "title": "Công nhân tham gia nói chuyện",
            "slug": "cong-nhan-tham-gia",
            "date": "2026-11-12",
            "campaign": campaign.pk,
            "tags": "khu công nghiệp, nói chuyện",
            "intro": "Ba buổi nói chuyện ở nhà ăn ca.",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Đoạn mở đầu.</p>")),
                    ("quote", {"text": "Ai cũng có quyền được an toàn.", "attribution": ""}),
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = officer_client.post(add_page_url(ArticlePage, news_index), data)
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="cong-nhan-tham-gia")
    assert article.live and article.campaign_id == campaign.pk
    assert sorted(article.tags.names()) == ["khu công nghiệp", "nói chuyện"]
    assert [block.block_type for block in article.body] == ["paragraph", "quote"]
