"""A file that only an unpublished article holds (picked in a block or linked in its text)
is not served at its document address to the public; the article's editors still open it,
and publishing the article serves it."""

from datetime import date

import pytest
from wagtail.models import ReferenceIndex

from campaigns.models import ArticlePage
from materials.demo import make_pdf
from places.models import Role
from tests.materials.factories import make_document

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def with_block(document):
    return [("document", document)]


def with_link(document):
    return [("paragraph", f'<p><a linktype="document" id="{document.pk}">Kế hoạch</a></p>')]


def draft_article(news_index, tree, body, *, live=False):
    """An article of Sa Pa saved as a draft and never published, holding a new PDF."""
    document = make_document("Kế hoạch nháp", make_pdf(["nháp"]), "ke-hoach-nhap.pdf")
    page = ArticlePage(
        title="Tin sắp đăng",
        slug="tin-sap-dang",
        date=date(2026, 12, 1),
        owner_unit=tree.sa_pa,
        body=body(document),
        live=live,
    )
    news_index.add_child(instance=page)
    page.save_revision()
    ReferenceIndex.create_or_update_for_object(page)
    return page, document


def served(client, document):
    response = client.get(document.url)
    if response.status_code != 200:
        return False
    return b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("body", [with_block, with_link], ids=["block", "link"])
def test_a_never_published_articles_file_answers_not_found(client, news_index, tree, body):
    _page, document = draft_article(news_index, tree, body)
    assert client.get(document.url).status_code == 404


def test_an_officer_of_another_unit_does_not_open_it(client, news_index, tree, member):
    _page, document = draft_article(news_index, tree, with_block)
    other = member(tree.thuong_lam, Role.COMMUNICATION_OFFICER, username="can_bo_xa_tl")
    client.force_login(other, backend=MODEL_BACKEND)
    assert client.get(document.url).status_code == 404


def test_an_editor_of_the_article_opens_it(client, news_index, tree, member):
    _page, document = draft_article(news_index, tree, with_block)
    officer = member(tree.lao_cai, Role.COMMUNICATION_OFFICER, username="can_bo_lao_cai")
    client.force_login(officer, backend=MODEL_BACKEND)
    assert served(client, document)


def test_publishing_the_article_serves_the_file(client, news_index, tree):
    page, document = draft_article(news_index, tree, with_link)
    page.get_latest_revision().publish()
    ReferenceIndex.create_or_update_for_object(page)
    assert served(client, document)


def test_a_file_nothing_holds_is_served_as_before(client):
    document = make_document("Tờ rơi", make_pdf(["tờ rơi"]), "to-roi.pdf")
    assert served(client, document)
