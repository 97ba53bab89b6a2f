"""Search with or without Vietnamese marks: a table of query pairs on every page search.

Most readers type on phones without marks. Each pair below is a query as written and as a
reader may type it (no marks, capitals, decomposed Unicode); both must find the same pages,
and those pages must be the ones whose text has the query's words once folded. CI runs this
file on PostgreSQL (the unaccent configuration) and again on SQLite (FTS5).
"""

import unicodedata

import pytest
from django.db import connection
from wagtail.models import Locale

from common.text import search_name_for
from materials.demo import load_materials
from materials.models import MaterialIndexPage, MaterialPage, MaterialType

pytestmark = pytest.mark.django_db


def nfd(text):
    return unicodedata.normalize("NFD", text)


PAGES = [
    (
        "Phòng, chống mua bán người: cảnh giác lời mời việc làm lương cao",
        "Thủ đoạn lừa đảo đưa người đi làm việc ở nước ngoài; gọi tổng đài 111 miễn phí.",
    ),
    (
        "Đường dây nóng hỗ trợ nạn nhân",
        "Gia đình và đồng nghiệp cùng giúp đỡ người ở trọ khu công nghiệp.",
    ),
    (
        "Học sinh trường dân tộc nội trú thảo luận",
        "Ước mơ nghề nghiệp, thương lượng hợp đồng và quyền của mình.",
    ),
    ("Quyền của người lao động", "Hợp đồng, tiền lương và bảo hiểm."),
    ("Ông lão mùa đông", "Chuyện kể về một ông lão."),
]

# (as written, as typed): the same pages for both.
PAIRS = [
    ("phòng chống", "phong chong"),
    ("mua bán người", "mua ban nguoi"),
    ("phòng chống mua bán người", "phong chong mua ban nguoi"),
    ("MUA BÁN NGƯỜI", "mua ban nguoi"),
    ("lời mời việc làm", "loi moi viec lam"),
    ("việc làm", "VIEC LAM"),
    ("lương cao", "luong cao"),
    ("thủ đoạn lừa đảo", "thu doan lua dao"),
    ("nước ngoài", "nuoc ngoai"),
    ("tổng đài miễn phí", "tong dai mien phi"),
    ("đường dây nóng", "duong day nong"),
    ("Đường", "duong"),
    ("ĐƯỜNG DÂY NÓNG", "Duong Day Nong"),
    ("hỗ trợ nạn nhân", "ho tro nan nhan"),
    ("gia đình", "gia dinh"),
    ("đồng nghiệp", "dong nghiep"),
    ("giúp đỡ", "giup do"),
    ("người ở trọ", "nguoi o tro"),
    ("khu công nghiệp", "khu cong nghiep"),
    ("học sinh", "hoc sinh"),
    ("trường dân tộc nội trú", "truong dan toc noi tru"),
    ("Nội Trú", "NOI TRU"),
    ("thảo luận", "thao luan"),
    ("ước mơ", "uoc mo"),
    ("thương lượng", "thuong luong"),
    ("hợp đồng", "hop dong"),
    ("quyền của mình", "quyen cua minh"),
    ("người lao động", "nguoi lao dong"),
    ("tiền lương", "tien luong"),
    ("bảo hiểm", "bao hiem"),
    ("ông lão", "ong lao"),
    ("mùa đông", "mua dong"),
    (nfd("phòng chống"), "phong chong"),
    (nfd("người ở trọ"), "nguoi o tro"),
    (nfd("Đường dây nóng"), "đường dây nóng"),
    ("hưng thịnh", "hung thinh"),  # no page has these words: both find nothing
]


def expected_titles(query, titles_only=False):
    """The oracle: the pages whose folded text has every folded word of the query (the
    admin's page search looks at titles only)."""
    words = set(search_name_for(query).split())
    return {
        title
        for title, summary in PAGES
        if words <= set(search_name_for(title if titles_only else f"{title} {summary}").split())
    }


@pytest.fixture(autouse=True)
def uncached(settings):
    """Each query is rendered, not served from the page cache, so its results can be read."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def pages(demo_site):
    load_materials(demo_site)
    library = MaterialIndexPage.objects.get(locale__language_code="vi")
    vi = Locale.objects.get(language_code="vi")
    for title, summary in PAGES:
        page = MaterialPage(
            locale=vi, title=title, summary=summary, material_type=MaterialType.LEAFLET
        )
        library.add_child(instance=page)
        page.save_revision().publish()
    return library


def site_search(client, _library, query):
    response = client.get("/vi/search/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


def library_search(client, library, query):
    response = client.get(library.url, {"q": query})
    assert response.status_code == 200
    return [item["page"].title for item in response.context["items"]]


def admin_search(client, _library, query):
    response = client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["pages"]]


SEARCHES = {"site": site_search, "library": library_search, "admin": admin_search}


@pytest.fixture
def searcher(request, client, admin_user, pages):
    if request.param == "admin":
        client.force_login(admin_user)
    search = SEARCHES[request.param]

    def searcher(query):
        return search(client, pages, query)

    searcher.titles_only = request.param == "admin"
    return searcher


def test_the_table_has_at_least_thirty_pairs_with_every_hard_letter():
    assert len(PAIRS) >= 30
    written = " ".join(marked for marked, _typed in PAIRS)
    for letter in ["đ", "Đ", "ư", "ơ", "ộ", "ờ", "ễ"]:
        assert letter in written
    assert any(marked != unicodedata.normalize("NFC", marked) for marked, _typed in PAIRS)


@pytest.mark.parametrize("searcher", list(SEARCHES), indirect=True)
def test_a_query_with_or_without_marks_finds_the_same_pages(searcher):
    wrong = []
    for marked, typed in PAIRS:
        expected = expected_titles(marked, searcher.titles_only)
        found_marked, found_typed = set(searcher(marked)), set(searcher(typed))
        # Other pages of the demo (home, library, demo materials) may match too.
        if not (expected <= found_marked and found_marked == found_typed):
            wrong.append((marked, typed, sorted(expected), sorted(found_marked), found_typed))
    assert not wrong, f"{connection.vendor}: {wrong}"


@pytest.mark.parametrize("searcher", list(SEARCHES), indirect=True)
def test_the_page_spelled_as_typed_ranks_first(searcher):
    assert searcher("lao động")[0] == "Quyền của người lao động"
    assert searcher("lão đông")[0] == "Ông lão mùa đông"
    assert searcher(nfd("lão đông"))[0] == "Ông lão mùa đông"
    assert set(searcher("lao dong")) >= {"Quyền của người lao động", "Ông lão mùa đông"}


@pytest.mark.parametrize("searcher", ["site", "library"], indirect=True)
def test_a_query_of_only_punctuation_finds_nothing(searcher):
    assert searcher("–, !") == []
