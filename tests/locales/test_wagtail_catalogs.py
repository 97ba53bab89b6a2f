"""The admin speaks Vietnamese: the project's catalogs translate every msgid of Wagtail's
admin apps and of wagtail-localize, keeping their placeholders."""

import re

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from locales.wagtail_catalogs import APPS, DOMAINS, coverage, override_path, placeholders
from tests.places.factories import UserFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
FINISHED = [name for name, _package, _path in APPS]


@pytest.fixture(scope="module")
def coverage_by_app():
    return {item.app: item for item in coverage()}


@pytest.mark.parametrize("app", FINISHED)
def test_every_msgid_of_the_app_has_vietnamese(coverage_by_app, app):
    item = coverage_by_app[app]
    assert item.missing == [], f"{len(item.missing)} msgids of {app} lack Vietnamese"
    assert item.translated == item.total > 0


@pytest.mark.parametrize("app", FINISHED)
def test_every_translation_keeps_the_placeholders_of_its_msgid(coverage_by_app, app):
    assert coverage_by_app[app].broken == []


def test_placeholders_are_found_in_both_python_and_brace_styles():
    text = "%(count)s trang, {title} và %s; 100%% xong"
    assert placeholders(text) == sorted(["%(count)s", "{title}", "%s"])


def test_the_catalogs_say_vietnamese_has_one_plural_form():
    for domain in DOMAINS:
        catalog = polib.pofile(str(override_path(domain)))
        assert catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert catalog.metadata["Language"] == "vi"


def test_every_app_named_in_the_issue_is_covered():
    names = {name for name, _package, _path in APPS}
    assert names >= {
        "admin",
        "core",
        "documents",
        "images",
        "snippets",
        "users",
        "search",
        "wagtail-localize",
    }


def test_the_project_catalog_wins_over_the_package_catalog():
    with translation.override("vi"):
        assert translation.gettext("Save draft") == "Lưu bản nháp"
        assert translation.gettext("Edit") == "Sửa"
        assert translation.gettext("Locale") == "Ngôn ngữ"


def translate_buttons(page, user):
    from wagtail.admin.ui.menus.pages import get_page_header_buttons

    labels = [str(b.label) for b in get_page_header_buttons(page, user, None, "edit")]
    return [label for label in labels if "Dịch" in label or "Translate" in label]


@pytest.mark.django_db
def test_the_page_menu_offers_one_translate_action_in_vietnamese(demo_site):
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="tyz")  # a language the page is not in yet
    officer = UserFactory(is_superuser=True, is_staff=True)
    with translation.override("vi"):
        assert translate_buttons(demo_site, officer) == ["Dịch trang này"]


@pytest.fixture
def officer_client(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True), backend=MODEL_BACKEND)
    return client


def visible_text(html):
    """The page's text and attribute values, without scripts' code or the CSRF token."""
    html = re.sub(r"<script(?![^>]*json)[^>]*>.*?</script>", " ", html, flags=re.S)
    return html


@pytest.mark.django_db
def test_the_page_editor_has_no_english_buttons(officer_client, demo_site):
    response = officer_client.get(reverse("wagtailadmin_pages:edit", args=[demo_site.pk]))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Lưu bản nháp" in text
    for english in ["Save draft", "Publish", "Unpublish", "Preview", "History", "Comments"]:
        assert f">{english}<" not in text, english


@pytest.mark.django_db
def test_the_dashboard_speaks_vietnamese(officer_client):
    response = officer_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Bảng điều khiển" in text
    for english in ["Dashboard", "Your most recent edits", "Site summary", "Log out"]:
        assert english not in text, english
    # The sidebar's menu (rendered as JSON props) names the libraries in Vietnamese.
    for english in ['"Images"', '"Documents"', '"Snippets"', '"Users"', '"Groups"']:
        assert english not in text, english


@pytest.mark.django_db
def test_the_image_and_document_libraries_speak_vietnamese(officer_client):
    for url, vietnamese in [
        (reverse("wagtailimages:index"), "Thêm ảnh"),
        (reverse("wagtaildocs:index"), "Thêm tài liệu"),
        (reverse("wagtailusers_users:index"), "Thêm người dùng"),
    ]:
        text = visible_text(officer_client.get(url).content.decode())
        assert vietnamese in text, url
        for english in [">Images<", ">Documents<", "Add an image", "Add a document", ">Users<"]:
            assert english not in text, (url, english)


@pytest.mark.django_db
def test_the_javascript_catalogs_of_the_admin_and_the_translation_editor_are_vietnamese(
    officer_client,
):
    admin = officer_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "Thao t\\u00e1c kh\\u00e1c" in admin or "Thao tác khác" in admin  # "More actions"
    editor = officer_client.get(reverse("wagtail_localize:javascript_catalog")).content.decode()
    assert "T\\u1ea3i xu\\u1ed1ng t\\u1ec7p PO" in editor or "Tải xuống tệp PO" in editor


@pytest.mark.django_db
def test_permissions_are_named_in_vietnamese_after_migrate():
    from django.contrib.auth.models import Permission

    assert Permission.objects.get(codename="add_group").name == "Được thêm nhóm"
    assert Permission.objects.get(codename="access_admin").name == "Được vào trang quản trị Wagtail"
    assert not Permission.objects.filter(name__startswith="Can ").exists()


@pytest.mark.django_db
def test_the_admin_header_names_its_actions_landmark_in_vietnamese(officer_client):
    text = officer_client.get(reverse("wagtailimages:index")).content.decode()
    assert 'aria-label="Thao tác"' in text
    assert 'aria-label="Actions"' not in text


def glossary():
    """English term → accepted Vietnamese forms, from the tables of locales/GLOSSARY.md."""
    terms = {}
    text = (override_path("django").parents[3] / "GLOSSARY.md").read_text()
    for english, vietnamese in re.findall(r"^\| ([^|]+) \| ([^|]+) \|", text, flags=re.M):
        if english.strip() in ("English", "---"):
            continue
        en = [part.strip().lower() for part in english.split("/")]
        vi = [part.strip().lower() for part in vietnamese.split("/")]
        for index, term in enumerate(en):
            chosen = vi[index] if len(vi) == len(en) else vi[0]
            forms = {chosen, re.sub(r"\s*\(.*\)", "", chosen)}
            forms |= set(re.findall(r"\((.*)\)", chosen))
            terms[term] = forms
    return terms


def test_a_msgid_that_is_a_glossary_term_is_translated_as_the_glossary_says():
    terms = glossary()
    assert terms["snippet"] == {"đoạn nội dung"}
    wrong = []
    for domain in DOMAINS:
        for entry in polib.pofile(str(override_path(domain))):
            english = entry.msgid.strip().lower()
            text = (entry.msgstr or entry.msgstr_plural.get(0, "")).lower()
            if english in terms and not any(form in text for form in terms[english]):
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_tone_marks_are_placed_as_in_the_rest_of_the_project():
    old_style = re.compile(r"[óòỏõọ][ae](?!\w)|[úùủũụ]y(?!\w)", flags=re.I)
    for domain in DOMAINS:
        text = override_path(domain).read_text()
        assert old_style.findall(text) == []
