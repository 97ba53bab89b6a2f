"""A translator's offline round trip: export the Vietnamese page as a PO file with
wagtail-localize, fill in the H'Mông strings, import the file, publish, read /hmn/.

The H'Mông strings here are test markers ("HMN · …" before each Vietnamese string),
not translations: the test checks the plumbing, and nobody should mistake them for text.
"""

from datetime import date
from html import escape

import polib
import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from campaigns.models import ArticlePage, CampaignPage

pytestmark = pytest.mark.django_db

MARK = "HMN · "


def export_fill_import_publish(page, tmp_path, capture_on_commit, code="hmn"):
    """What a translator does with the PO file, through wagtail-localize's own API."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=code)
    )
    po_path = tmp_path / f"{page.slug}-{code}.po"
    translation.export_po().save(str(po_path))

    po = polib.pofile(str(po_path))
    for entry in po:
        # A slug stays a slug; every other string gets its marked "translation".
        entry.msgstr = f"{code}-{entry.msgid}" if entry.msgctxt == "slug" else MARK + entry.msgid
    po.save(str(po_path))

    warnings = translation.import_po(polib.pofile(str(po_path)), translation_type="manual")
    assert warnings == []
    # wagtail-localize publishes once the transaction commits, as in a real request.
    with capture_on_commit(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(translation.target_locale), po


def test_article_round_trip_through_a_po_file_publishes_the_hmong_article(
    client, tmp_path, make_article, make_campaign, make_image, django_capture_on_commit_callbacks
):
    campaign = make_campaign(title="Tháng hành động")
    article = make_article(
        title="Học sinh tìm hiểu về phòng, chống mua bán người",
        slug="hoc-sinh-tim-hieu",
        intro="Sinh hoạt ngoại khoá với tình huống giả định.",
        date=date(2026, 11, 24),
        campaign=campaign,
        hero_image=make_image(),
        audiences=["students"],
        tags=["học sinh"],
        body=[
            ("paragraph", "<p>Học sinh chia nhóm và đóng vai.</p>"),
            ("quote", {"text": "Hãy báo cho thầy cô khi gặp lời rủ rê.", "attribution": "Cô giáo"}),
        ],
    )

    hmong, po = export_fill_import_publish(article, tmp_path, django_capture_on_commit_callbacks)

    msgids = {entry.msgid for entry in po}
    assert {
        "Học sinh tìm hiểu về phòng, chống mua bán người",
        "Sinh hoạt ngoại khoá với tình huống giả định.",
        "Học sinh chia nhóm và đóng vai.",
        "Hãy báo cho thầy cô khi gặp lời rủ rê.",
    } <= msgids
    assert hmong.live and hmong.locale.language_code == "hmn"
    assert hmong.url == "/hmn/tin-bai/hmn-hoc-sinh-tim-hieu/"
    # Dates, campaign, image and audiences are synchronised, not translated.
    assert (hmong.date, hmong.campaign_id, hmong.hero_image_id) == (
        article.date,
        campaign.pk,
        article.hero_image_id,
    )
    assert list(hmong.audiences.values_list("code", flat=True)) == ["students"]
    assert list(hmong.tags.names()) == ["học sinh"]

    response = client.get(hmong.url)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="hmn">' in html
    assert f"<h1>{MARK}Học sinh tìm hiểu về phòng, chống mua bán người</h1>" in html
    assert f"{MARK}Học sinh chia nhóm và đóng vai." in html
    assert escape(f"{MARK}Hãy báo cho thầy cô khi gặp lời rủ rê.") in html
    assert "Đây là bản mẫu" not in html
    assert ArticlePage.objects.get(pk=article.pk).title == article.title


def test_campaign_round_trip_translates_peaks_and_keeps_their_dates(
    client, tmp_path, make_campaign, django_capture_on_commit_callbacks
):
    campaign = make_campaign(
        title="Tháng hành động",
        slug="thang-hanh-dong",
        theme="Cộng đồng an toàn",
        peaks=[("Tuần cao điểm trong trường học", date(2026, 11, 23), date(2026, 11, 29))],
    )

    hmong, _po = export_fill_import_publish(campaign, tmp_path, django_capture_on_commit_callbacks)

    assert isinstance(hmong, CampaignPage) and hmong.live
    peak = hmong.peak_dates.get()
    assert peak.label == f"{MARK}Tuần cao điểm trong trường học"
    assert (peak.starts_on, peak.ends_on) == (date(2026, 11, 23), date(2026, 11, 29))
    assert peak.locale.language_code == "hmn"
    html = client.get(hmong.url).text
    assert f"{MARK}Cộng đồng an toàn" in html
    assert f"{MARK}Tuần cao điểm trong trường học" in html
