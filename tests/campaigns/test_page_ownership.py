"""Every page belongs to a unit; only officers whose subtree holds it change it, through the
real admin addresses: edit, publish, unpublish, delete, move, copy, revert, lock."""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaigns.models import ArticleIndexPage, ArticlePage, CampaignIndexPage, CampaignPage
from materials.models import MaterialPage
from places.models import Role
from places.page_ownership import fill_owner_units
from portal.models import HomePage
from tests.admin_answers import refused_or_hidden
from tests.campaigns.conftest import publish_child

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def login(client, user):
    client.force_login(user, backend=MODEL_BACKEND)
    return user


@pytest.fixture
def sa_pa_article(news_index, tree):
    """A live article owned by a commune of Lào Cai, with a second, earlier revision."""
    page = ArticlePage(
        title="Tin của Sa Pa", slug="tin-sa-pa", date=date(2026, 11, 10), owner_unit=tree.sa_pa
    )
    page = publish_child(news_index, page)
    page.title = "Tin của Sa Pa, bản sửa"
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def thuong_lam_officer(client, tree, member):
    """A communication officer of a commune of Tuyên Quang, logged in."""
    return login(
        client, member(tree.thuong_lam, Role.COMMUNICATION_OFFICER, username="can_bo_xa_tl")
    )


def article_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "date": page.date.isoformat() if hasattr(page, "date") else "2026-11-10",
        "intro": "",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
        "tags": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return nested_form_data(data)


def add_article_url(parent):
    return reverse("wagtailadmin_pages:add", args=["campaigns", "articlepage", parent.pk])


def test_a_commune_officer_cannot_edit_or_publish_another_provinces_page(
    client, thuong_lam_officer, sa_pa_article
):
    edit = reverse("wagtailadmin_pages:edit", args=[sa_pa_article.pk])
    revisions = sa_pa_article.revisions.count()
    assert refused_or_hidden(client.get(edit))
    assert refused_or_hidden(client.post(edit, article_data(sa_pa_article, title="Đổi tên")))
    assert refused_or_hidden(
        client.post(
            edit, article_data(sa_pa_article, title="Đổi và đăng", **{"action-publish": "1"})
        )
    )
    sa_pa_article.refresh_from_db()
    assert sa_pa_article.title == "Tin của Sa Pa, bản sửa"
    assert sa_pa_article.revisions.count() == revisions


def test_a_commune_officer_cannot_unpublish_delete_or_lock_another_provinces_page(
    client, thuong_lam_officer, sa_pa_article
):
    for name in ("unpublish", "delete", "lock"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[sa_pa_article.pk])
        assert refused_or_hidden(client.post(url)), name
    page = ArticlePage.objects.get(pk=sa_pa_article.pk)
    assert page.live and page.locked is False


def test_bulk_actions_leave_another_provinces_page_alone(client, thuong_lam_officer, sa_pa_article):
    for action in ("unpublish", "delete"):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        client.post(f"{url}?id={sa_pa_article.pk}", {})
    page = ArticlePage.objects.filter(pk=sa_pa_article.pk).first()
    assert page is not None and page.live


def test_a_commune_officer_cannot_move_or_copy_another_provinces_page(
    client, thuong_lam_officer, sa_pa_article, demo_site, tree
):
    other_index = publish_child(demo_site, ArticleIndexPage(title="Tin khác", slug="tin-khac"))
    move = reverse("wagtailadmin_pages:move_confirm", args=[sa_pa_article.pk, other_index.pk])
    assert refused_or_hidden(client.post(move))
    copy = reverse("wagtailadmin_pages:copy", args=[sa_pa_article.pk])
    copied = client.post(
        copy,
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": other_index.pk},
    )
    assert refused_or_hidden(copied)
    assert sa_pa_article.get_parent().specific == ArticleIndexPage.objects.get(slug="tin-bai")
    assert not Page.objects.filter(slug="ban-sao").exists()


def test_a_commune_officer_cannot_revert_another_provinces_page(
    client, thuong_lam_officer, sa_pa_article
):
    first = sa_pa_article.revisions.order_by("created_at", "pk").first()
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[sa_pa_article.pk, first.pk])
    data = article_data(sa_pa_article, title="Tin của Sa Pa", **{"action-publish": "1"})
    assert refused_or_hidden(client.get(revert))
    assert refused_or_hidden(client.post(revert, data))
    sa_pa_article.refresh_from_db()
    assert sa_pa_article.title == "Tin của Sa Pa, bản sửa"


def test_the_explorer_offers_no_action_on_another_provinces_page(
    client, thuong_lam_officer, sa_pa_article, news_index, tree
):
    mine = publish_child(
        news_index,
        ArticlePage(title="Tin của Thượng Lâm", slug="tin-tl", date=date(2026, 11, 11)),
    )
    ArticlePage.objects.filter(pk=mine.pk).update(owner_unit=tree.thuong_lam)
    listing = client.get(reverse("wagtailadmin_explore", args=[news_index.pk]))
    assert listing.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[mine.pk]) in listing.text
    for name in ("edit", "delete", "unpublish", "move", "copy"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[sa_pa_article.pk])
        assert url not in listing.text, name


def test_the_explorers_queries_do_not_grow_with_its_pages(
    client, thuong_lam_officer, news_index, tree
):
    def explorer_queries():
        url = reverse("wagtailadmin_explore", args=[news_index.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add_articles(count):
        for _number in range(count):
            number = ArticlePage.objects.count() + 1
            page = publish_child(
                news_index,
                ArticlePage(title=f"Tin {number}", slug=f"tin-{number}", date=date(2026, 11, 1)),
            )
            unit = tree.sa_pa if number % 2 else tree.thuong_lam
            ArticlePage.objects.filter(pk=page.pk).update(owner_unit=unit)

    add_articles(2)
    explorer_queries()  # the first request fills per-process caches
    few = explorer_queries()
    add_articles(10)
    assert explorer_queries() == few


def test_a_provincial_officer_edits_and_publishes_a_page_of_a_commune_of_their_province(
    client, member, tree, sa_pa_article
):
    login(client, member(tree.lao_cai, Role.COMMUNICATION_OFFICER, username="can_bo_lc"))
    edit = reverse("wagtailadmin_pages:edit", args=[sa_pa_article.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        article_data(
            sa_pa_article,
            title="Tin Sa Pa, tỉnh sửa",
            owner_unit=tree.sa_pa.pk,
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    sa_pa_article.refresh_from_db()
    assert sa_pa_article.title == "Tin Sa Pa, tỉnh sửa" and sa_pa_article.live
    assert sa_pa_article.owner_unit == tree.sa_pa


def test_a_new_page_belongs_to_its_writers_home_unit(client, thuong_lam_officer, news_index, tree):
    add = add_article_url(news_index)
    form = client.get(add)
    assert form.status_code == 200
    assert form.context["form"].initial["owner_unit"] == tree.thuong_lam.pk

    response = client.post(add, article_data(news_index, title="Tin mới", slug="tin-moi"))
    assert response.status_code == 302, response.context["form"].errors
    assert ArticlePage.objects.get(slug="tin-moi").owner_unit == tree.thuong_lam


def test_a_section_page_belongs_to_the_country(client, tree, member, demo_site):
    login(client, member(tree.country, Role.COMMUNICATION_OFFICER, username="can_bo_tw"))
    add = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignindexpage", demo_site.pk])
    assert client.get(add).context["form"].initial["owner_unit"] == tree.country.pk


def test_an_officer_cannot_give_a_page_to_a_unit_outside_their_subtree(
    client, thuong_lam_officer, news_index, tree
):
    add = add_article_url(news_index)
    response = client.post(
        add, article_data(news_index, title="Tin lạ", slug="tin-la", owner_unit=tree.sa_pa.pk)
    )
    assert response.status_code == 200
    assert "nằm ngoài phạm vi quản lý của bạn" in response.text
    assert not ArticlePage.objects.filter(slug="tin-la").exists()

    mine = publish_child(
        news_index,
        ArticlePage(title="Tin của tôi", slug="tin-cua-toi", date=date(2026, 11, 12)),
    )
    ArticlePage.objects.filter(pk=mine.pk).update(owner_unit=tree.thuong_lam)
    edit = reverse("wagtailadmin_pages:edit", args=[mine.pk])
    response = client.post(edit, article_data(mine, owner_unit=tree.tuyen_quang.pk))
    assert response.status_code == 200
    assert "nằm ngoài phạm vi quản lý của bạn" in response.text
    assert ArticlePage.objects.get(pk=mine.pk).owner_unit == tree.thuong_lam


def test_an_anonymous_visitor_cannot_add_a_page(client, news_index, tree):
    response = client.post(
        add_article_url(news_index),
        article_data(news_index, title="Tin lạ", slug="tin-la", owner_unit=tree.sa_pa.pk),
    )
    assert response.status_code == 302 and "/login/" in response.url
    assert not ArticlePage.objects.filter(slug="tin-la").exists()


def test_a_reviewer_without_page_rights_cannot_add_a_page(client, member, tree, news_index):
    login(client, member(tree.lao_cai, Role.REVIEWER, username="nguoi_duyet_lc"))
    response = client.post(
        add_article_url(news_index),
        article_data(news_index, title="Tin lạ", slug="tin-la", owner_unit=tree.sa_pa.pk),
    )
    assert refused_or_hidden(response)
    assert not ArticlePage.objects.filter(slug="tin-la").exists()


def test_pages_made_before_owner_units_get_their_creators_unit_or_the_country(
    tree, member, news_index, demo_site
):
    writer = member(tree.bac_ha, Role.COMMUNICATION_OFFICER, username="can_bo_bh")
    theirs = publish_child(
        news_index, ArticlePage(title="Tin cũ", slug="tin-cu", date=date(2026, 1, 5), owner=writer)
    )
    nobodys = publish_child(
        news_index, ArticlePage(title="Tin cũ khác", slug="tin-cu-2", date=date(2026, 1, 6))
    )
    campaigns = publish_child(demo_site, CampaignIndexPage(title="Chiến dịch", slug="chien-dich"))
    HomePage.objects.filter(pk=demo_site.pk).update(owner_unit=None)

    fill_owner_units(
        apps,
        ["campaigns.ArticlePage", "campaigns.CampaignPage", "materials.MaterialPage"],
        ["campaigns.ArticleIndexPage", "campaigns.CampaignIndexPage", "portal.HomePage"],
    )

    assert ArticlePage.objects.get(pk=theirs.pk).owner_unit == tree.bac_ha
    assert ArticlePage.objects.get(pk=nobodys.pk).owner_unit == tree.country
    assert CampaignIndexPage.objects.get(pk=campaigns.pk).owner_unit == tree.country
    assert HomePage.objects.get(pk=demo_site.pk).owner_unit == tree.country
    assert not CampaignPage.objects.filter(owner_unit__isnull=True).exists()
    assert not MaterialPage.objects.filter(owner_unit__isnull=True).exists()
