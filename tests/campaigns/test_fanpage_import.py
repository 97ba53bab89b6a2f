"""Post figures from the platforms' CSV exports: matched by link or id, all or nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from campaigns.fanpage import FanpageFigures
from campaigns.fanpage_imports import detect_channel, import_fanpage_figures, parse_figure
from common.spreadsheets import FileRefused, open_table
from tests.campaigns.fixtures_media import (  # noqa: F401
    admin_url,
    csv_bytes,
    fanpage_post,
    local_time,
    officer_fixture,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 22)
FB_LINK = "https://www.facebook.com/phongchongmaidam/posts/1234567890"
YT_ID = "dQw4w9WgXcQ"
TT_LINK = "https://www.tiktok.com/@phongchong/video/7412345678901234567"
ZALO_LINK = "https://zalo.me/oa/phongchong/bai-viet/42"

FACEBOOK = (
    "Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,"
    "Permalink,Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,"
    'Data comment,Date,Views,Reach,"Reactions, Comments and Shares",Reactions,Comments,Shares,'
    "Total clicks",
    f"111_1234567890,111,Phòng chống mại dâm,,Tháng hành động,,11/20/2026 09:00,,{FB_LINK},"
    'No,No,Photos,,,,,Lifetime,"3,400",2100,103,80,15,8,40',
    "111_999,111,Phòng chống mại dâm,,Bài khác,,11/21/2026 09:00,,"
    "https://www.facebook.com/phongchongmaidam/posts/999,No,No,Photos,,,,,Lifetime,10,9,0,0,0,0,0",
)
YOUTUBE = (
    "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
    "Impressions,Likes,Comments added,Shares",
    "Total,,,,5100,40.2,3,90000,210,12,9",
    f'{YT_ID},Quyền của người lao động,"Nov 20, 2026",95,5000,39.5,3,88000,200,11,9',
)
TIKTOK = (
    "Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views,"
    "Average watch time",
    f'Đi làm xa nhà,{TT_LINK}?lang=vi,2026-11-20 19:05:00,1.2K,48,31,"18,400",11.5',
)
ZALO = (
    "Tiêu đề,Link bài viết,Ngày đăng,Lượt xem,Lượt thích,Lượt chia sẻ,Bình luận",
    f"Đường dây nóng 111,{ZALO_LINK},20/11/2026,950,40,7,3",
)


@pytest.fixture
def posts(tree):
    def make(channel, url, unit=None):
        return fanpage_post(
            unit or tree.tuyen_quang,
            channel=channel,
            status="published",
            published_at=local_time(2026, 11, 20, 9),
            published_url=url,
        )

    return make


def run(user, lines, **kwargs):
    return import_fanpage_figures(user, open_table(csv_bytes(*lines), "export.csv"), **kwargs)


def test_a_facebook_export_gives_the_post_its_figures_by_permalink(officer, posts):
    post = posts("facebook", FB_LINK)
    result = run(officer, FACEBOOK, as_of=AS_OF)
    assert result.ok, result.errors
    assert (result.imported, result.details["posts_not_ours"]) == (1, 1)
    figures = FanpageFigures.objects.get(post=post)
    assert (figures.as_of, figures.views, figures.reach) == (AS_OF, 3400, 2100)
    assert (figures.reactions, figures.comments, figures.shares, figures.source) == (
        80, 15, 8, "facebook",
    )  # fmt: skip


def test_a_youtube_export_skips_its_total_row_and_matches_the_video_id(officer, posts):
    post = posts("youtube", f"https://www.youtube.com/watch?v={YT_ID}")
    result = run(officer, YOUTUBE, as_of=AS_OF)
    assert (result.ok, result.rows, result.imported) == (True, 1, 1)
    figures = FanpageFigures.objects.get(post=post)
    assert (figures.views, figures.reactions, figures.comments, figures.shares) == (
        5000, 200, 11, 9,
    )  # fmt: skip
    assert figures.reach is None


def test_a_tiktok_export_reads_abbreviated_and_grouped_numbers(officer, posts):
    post = posts("tiktok", TT_LINK)
    assert run(officer, TIKTOK, as_of=AS_OF).ok
    figures = FanpageFigures.objects.get(post=post)
    assert (figures.views, figures.reactions, figures.comments, figures.shares) == (
        18400, 1200, 48, 31,
    )  # fmt: skip


def test_a_zalo_export_with_vietnamese_headers(officer, posts):
    post = posts("zalo", ZALO_LINK)
    assert run(officer, ZALO, as_of=AS_OF).ok
    figures = FanpageFigures.objects.get(post=post)
    assert (figures.views, figures.reactions, figures.shares, figures.comments) == (950, 40, 7, 3)


def test_the_platform_is_told_by_the_columns():
    for lines, channel in ((FACEBOOK, "facebook"), (YOUTUBE, "youtube"), (TIKTOK, "tiktok"),
                           (ZALO, "zalo")):  # fmt: skip
        assert detect_channel(open_table(csv_bytes(*lines)).header) == channel


def test_an_unknown_file_is_refused(officer):
    with pytest.raises(FileRefused):
        run(officer, ("a,b", "1,2"))


def test_a_bad_figure_names_its_row_and_column_and_saves_nothing(officer, posts):
    posts("tiktok", TT_LINK)
    other = "https://www.tiktok.com/@phongchong/video/7000000000000000001"
    posts("tiktok", other)
    lines = (*TIKTOK, f"Bài hai,{other},2026-11-21 08:00:00,nhiều,1,1,10,3")
    result = run(officer, lines, as_of=AS_OF)
    assert [(e.row, e.column) for e in result.errors] == [(3, "total likes")]
    assert result.errors[0].message == "“nhiều” không phải số nguyên không âm."
    assert not FanpageFigures.objects.exists()


def test_a_row_without_a_link_is_an_error(officer, posts):
    posts("tiktok", TT_LINK)
    result = run(officer, (*TIKTOK, "Không link,,2026-11-21,1,1,1,1,1"), as_of=AS_OF)
    assert [(e.row, e.column) for e in result.errors] == [(3, "video link")]
    assert not FanpageFigures.objects.exists()


def test_the_same_post_twice_in_one_file_is_an_error(officer, posts):
    posts("tiktok", TT_LINK)
    result = run(officer, (*TIKTOK, TIKTOK[1]), as_of=AS_OF)
    assert [(e.row, e.column) for e in result.errors] == [(3, "video link")]
    assert "dòng 2" in result.errors[0].message


def test_a_post_of_another_province_is_refused(officer, posts, tree):
    posts("tiktok", TT_LINK, unit=tree.sa_pa)
    result = run(officer, TIKTOK, as_of=AS_OF)
    assert [(e.row, e.column) for e in result.errors] == [(2, "video link")]
    assert not FanpageFigures.objects.exists()


def test_importing_the_same_export_twice_keeps_one_snapshot(officer, posts):
    post = posts("tiktok", TT_LINK)
    run(officer, TIKTOK, as_of=AS_OF)
    result = run(officer, TIKTOK, as_of=AS_OF)
    assert (result.details["snapshots_created"], result.details["snapshots_updated"]) == (0, 0)
    assert post.figures.count() == 1


def test_a_later_export_adds_a_snapshot_and_the_same_day_replaces_it(officer, posts):
    post = posts("tiktok", TT_LINK)
    run(officer, TIKTOK, as_of=AS_OF)
    later = (TIKTOK[0], TIKTOK[1].replace('"18,400"', '"25,000"'))
    run(officer, later, as_of=AS_OF + datetime.timedelta(days=7))
    run(officer, later, as_of=AS_OF)
    assert list(post.figures.order_by("as_of").values_list("views", flat=True)) == [25000, 25000]
    assert post.latest_figures().as_of == AS_OF + datetime.timedelta(days=7)


@pytest.mark.parametrize(
    ("value", "number"),
    [("1,234", 1234), ("1.234", 1234), ("1 234", 1234), ("1.2K", 1200), ("3M", 3_000_000),
     ("", None), ("-", None), (42.0, 42)],
)  # fmt: skip
def test_figures_are_read_as_the_platforms_write_them(value, number):
    assert parse_figure(value) == (number, True)


@pytest.mark.parametrize("value", ["nhiều", "-5", "1.5", 2.5])
def test_what_is_not_a_count_is_refused(value):
    assert parse_figure(value)[1] is False


def test_an_officer_uploads_an_export_in_the_admin(client, officer, posts):
    post = posts("facebook", FB_LINK)
    upload = SimpleUploadedFile("export.csv", csv_bytes(*FACEBOOK), content_type="text/csv")
    response = client.post(
        admin_url("wagtailsnippets_campaigns_fanpagepost:import_figures"),
        {"file": upload, "channel": "", "as_of": "2026-11-22"},
    )
    assert "Đã nhập 1 dòng." in response.text
    assert "1 dòng là bài không có trong danh sách bài đăng" in response.text
    assert FanpageFigures.objects.get(post=post).as_of == AS_OF


def test_the_admin_shows_the_bad_rows(client, officer, posts):
    posts("tiktok", TT_LINK)
    data = csv_bytes(*TIKTOK, "Không link,,2026-11-21,1,1,1,1,1")
    response = client.post(
        admin_url("wagtailsnippets_campaigns_fanpagepost:import_figures"),
        {"file": SimpleUploadedFile("e.csv", data), "channel": "tiktok", "as_of": "2026-11-22"},
    )
    assert "Không lưu dòng nào" in response.text
    assert "Dòng không có đường dẫn hoặc mã bài đăng." in response.text
    assert not FanpageFigures.objects.exists()


def test_the_command_imports_an_export(officer, posts, tmp_path, capsys):
    post = posts("youtube", f"https://youtu.be/{YT_ID}")
    path = tmp_path / "Table data.csv"
    path.write_bytes(csv_bytes(*YOUTUBE))
    call_command("import_fanpage_figures", str(path), user="canbo_tq", as_of=AS_OF)
    assert "Đã nhập 1 dòng." in capsys.readouterr().out
    assert post.figures.get().views == 5000


def test_the_command_fails_on_a_bad_file(officer, posts, tmp_path):
    posts("tiktok", TT_LINK)
    path = tmp_path / "tiktok.csv"
    path.write_bytes(csv_bytes(*TIKTOK, f"x,{TT_LINK}1,2026-11-21,abc,1,1,1,1"))
    with pytest.raises(CommandError):
        call_command("import_fanpage_figures", str(path), user="canbo_tq")
