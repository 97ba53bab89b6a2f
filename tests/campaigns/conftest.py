"""Shared fixtures for the campaigns app: index pages, campaigns, articles and images."""

import io
from datetime import date

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from campaigns.models import (
    ArticleIndexPage,
    ArticlePage,
    Audience,
    CampaignIndexPage,
    CampaignPage,
    CampaignPeak,
)


@pytest.fixture
def make_image(db):
    """make a small real JPEG image in the image library."""

    def make(title="Ảnh thử", size=(640, 360), colour=(11, 93, 107)):
        buffer = io.BytesIO()
        PillowImage.new("RGB", size, colour).save(buffer, format="JPEG")
        image = get_image_model()(title=title, file=ImageFile(buffer, name="test.jpg"))
        image.save()
        return image

    return make


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def campaign_index(demo_site):
    return publish_child(demo_site, CampaignIndexPage(title="Chiến dịch", slug="chien-dich"))


@pytest.fixture
def news_index(demo_site):
    return publish_child(demo_site, ArticleIndexPage(title="Tin bài", slug="tin-bai"))


@pytest.fixture
def make_campaign(campaign_index):
    """make a live Vietnamese campaign; ``peaks`` are (label, starts_on, ends_on)."""

    def make(title="Tháng hành động", audiences=(), peaks=(), **fields):
        fields.setdefault("slug", f"campaign-{CampaignPage.objects.count() + 1}")
        fields.setdefault("theme", "Chung tay vì cộng đồng an toàn")
        fields.setdefault("starts_on", date(2026, 11, 1))
        fields.setdefault("ends_on", date(2026, 11, 30))
        page = CampaignPage(title=title, **fields)
        for label, starts_on, ends_on in peaks:
            page.peak_dates.add(CampaignPeak(label=label, starts_on=starts_on, ends_on=ends_on))
        page.audiences = list(Audience.objects.filter(code__in=audiences))
        return publish_child(campaign_index, page)

    return make


@pytest.fixture
def make_article(news_index):
    """make a live Vietnamese article under the news index."""

    def make(title="Tin thử", audiences=(), tags=(), body=(), **fields):
        fields.setdefault("slug", f"article-{ArticlePage.objects.count() + 1}")
        fields.setdefault("date", date(2026, 11, 10))
        page = ArticlePage(title=title, body=list(body), **fields)
        page.audiences = list(Audience.objects.filter(code__in=audiences))
        if tags:
            page.tags.add(*tags)
        return publish_child(news_index, page)

    return make


@pytest.fixture
def make_contest_page(demo_site):
    """make a contest page (under a contest index of the home page) for ``campaign``."""
    from contests.models import Contest, ContestIndexPage, ContestPage, QuestionBank

    def make(campaign, title="Cuộc thi tìm hiểu", live=True):
        index = ContestIndexPage.objects.child_of(demo_site).first() or publish_child(
            demo_site, ContestIndexPage(title="Cuộc thi", slug="cuoc-thi")
        )
        bank, _created = QuestionBank.objects.get_or_create(name="Bộ câu hỏi thử")
        contest = Contest.objects.create(name=title, bank=bank)
        page = ContestPage(
            title=title,
            slug=f"contest-{ContestPage.objects.count() + 1}",
            contest=contest,
            campaign=campaign,
            consent_text="Tôi đồng ý.",
            guardian_consent_text="Cha mẹ đồng ý.",
        )
        index.add_child(instance=page)
        if live:
            page.save_revision().publish()
        else:
            page.live = False
            page.save_revision()
            page.save()
        return page

    return make
