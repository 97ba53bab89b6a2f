"""Importing post figures from the platforms' own CSV exports, all or nothing.

Each platform names its columns its own way; ``EXPORT_COLUMNS`` lists, per
figure, the headers we accept (lower-cased, as ``common.spreadsheets`` reads them):

- Facebook (Meta Business Suite, Insights → Content → Export): ``Post ID``,
  ``Permalink``, ``Reach``, ``Views`` (older files: ``Impressions``),
  ``Reactions``, ``Comments``, ``Shares``.
- YouTube (Studio → Analytics → Advanced mode → Export, ``Table data.csv``):
  ``Content`` (the video id), ``Views``, ``Unique viewers``, ``Likes``,
  ``Comments added``, ``Shares``; its first row is the channel's ``Total``.
- TikTok (Studio → Analytics → Content → Export): ``Video link``,
  ``Total views``, ``Total likes``, ``Total comments``, ``Total shares``, ``Reach``.
- Zalo (Official Account → Statistics → Articles → Export): Zalo publishes no
  description of its file; we accept the headers of its Vietnamese and English
  screens (``Link bài viết`` / ``Article link``, ``Lượt xem`` / ``Views``,
  ``Lượt thích`` / ``Likes``, ``Lượt chia sẻ`` / ``Shares``, ``Bình luận`` /
  ``Comments``, ``Lượt tiếp cận`` / ``Reach``).

A row is matched to a published post of that channel by the post's link or
the id in it (``campaigns.fanpage.post_keys``). Rows for posts we do not hold
(an export lists every post of the page) are left aside and counted
(``details["posts_not_ours"]``), not errors.
A bad row (a figure that is not a number, no link or id, a link that fits two
posts, a post outside the user's subtree, the same post twice) names its row
and column, and nothing is saved. The figures become the snapshot of each post
as of the given date, replacing any snapshot of that same date, so importing
one file twice changes nothing.
"""

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.fanpage import FanpageChannel, FanpageFigures, FanpagePost, PostStatus, post_keys
from common.spreadsheets import FileRefused, ImportResult, Table, text_of
from places import scope
from places.imports import require_scope_root

IMPORT_PERMISSION = "campaigns.change_fanpagepost"
FIGURES = ("reach", "views", "reactions", "shares", "comments")

# figure → headers each platform uses for it; "id" and "link" identify the post.
EXPORT_COLUMNS = {
    FanpageChannel.FACEBOOK: {
        "id": ("post id",),
        "link": ("permalink",),
        "reach": ("reach",),
        "views": ("views", "impressions"),
        "reactions": ("reactions",),
        "comments": ("comments",),
        "shares": ("shares",),
    },
    FanpageChannel.YOUTUBE: {
        "id": ("content", "video", "video id"),
        "link": ("video link", "video url"),
        "reach": ("unique viewers",),
        "views": ("views",),
        "reactions": ("likes",),
        "comments": ("comments added",),
        "shares": ("shares",),
    },
    FanpageChannel.TIKTOK: {
        "id": ("video id",),
        "link": ("video link",),
        "reach": ("reach", "total reach"),
        "views": ("total views", "video views"),
        "reactions": ("total likes", "likes"),
        "comments": ("total comments", "comments"),
        "shares": ("total shares", "shares"),
    },
    FanpageChannel.ZALO: {
        "id": ("id bài viết", "article id"),
        "link": ("link bài viết", "đường dẫn bài viết", "article link", "link", "url"),
        "reach": ("lượt tiếp cận", "reach"),
        "views": ("lượt xem", "views"),
        "reactions": ("lượt thích", "likes"),
        "comments": ("bình luận", "lượt bình luận", "comments"),
        "shares": ("lượt chia sẻ", "shares"),
    },
}
# Headers that give a platform away, checked in this order.
SIGNATURES = (
    (FanpageChannel.YOUTUBE, {"content", "comments added"}),
    (FanpageChannel.YOUTUBE, {"video title", "video publish time"}),
    (FanpageChannel.TIKTOK, {"video link", "total views"}),
    (FanpageChannel.TIKTOK, {"video link", "post time"}),
    (FanpageChannel.FACEBOOK, {"post id", "permalink"}),
    (FanpageChannel.ZALO, {"link bài viết"}),
    (FanpageChannel.ZALO, {"lượt xem", "lượt thích"}),
)
TOTAL_ROW_IDS = {"total", "tổng"}
_COUNT = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.,\u202f\u00a0 ]\d{3})+$")
_SUFFIXED = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([kKmM])$")


def detect_channel(header) -> str | None:
    names = set(header)
    for channel, signature in SIGNATURES:
        if signature <= names:
            return channel
    return None


def parse_figure(value) -> tuple[int | None, bool]:
    """``(number, ok)``: "1,234", "1.234", "1.2K", 1234.0 → 1234; blank or "-" → (None, True)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (int(value), True) if value >= 0 and float(value).is_integer() else (None, False)
    text = text_of(value).strip()
    if text in {"", "-", "--", "—"}:
        return None, True
    if _COUNT.match(text):
        return int(text), True
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text)), True
    suffixed = _SUFFIXED.match(text)
    if suffixed:
        number = float(suffixed.group(1).replace(",", "."))
        factor = 1_000 if suffixed.group(2) in "kK" else 1_000_000
        return round(number * factor), True
    return None, False


def _columns_for(channel, header):
    """figure → the file's column for it (absent figures are left out)."""
    found = {}
    for figure, names in EXPORT_COLUMNS[channel].items():
        for name in names:
            if name in header:
                found[figure] = name
                break
    return found


def import_fanpage_figures(user, table: Table, *, channel=None, as_of=None) -> ImportResult:
    """Record each matched post's figures as of ``as_of`` (today by default); all or nothing."""
    if not user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(_("Bạn không có quyền cập nhật số liệu bài đăng."))
    require_scope_root(user)
    as_of = as_of or timezone.localdate()
    channel = channel or detect_channel(table.header)
    if channel is None:
        raise FileRefused(
            _(
                "Không nhận ra tệp xuất của nền tảng nào (Facebook, YouTube, TikTok, Zalo): "
                "chọn kênh rồi nhập lại."
            )
        )
    result = ImportResult()
    columns = _columns_for(channel, table.header)
    if "id" not in columns and "link" not in columns:
        names = EXPORT_COLUMNS[channel]
        result.add_error(
            1, (names["link"] or names["id"])[0], _("Thiếu cột đường dẫn hoặc mã bài đăng.")
        )
    if not any(figure in columns for figure in FIGURES):
        result.add_error(1, EXPORT_COLUMNS[channel]["views"][0], _("Tệp không có cột số liệu nào."))
    if not result.ok:
        return result

    posts_by_key = _published_posts_by_key(channel)
    matched, first_row_of_post, not_ours = [], {}, 0
    for number, values in table.rows():
        raw_id = text_of(values.get(columns.get("id", ""), ""))
        if raw_id.casefold() in TOTAL_ROW_IDS:
            continue
        result.rows += 1
        raw_link = text_of(values.get(columns.get("link", ""), ""))
        keys = post_keys(raw_id) | post_keys(raw_link)
        column = columns.get("link") or columns.get("id")
        if not keys:
            result.add_error(number, column, _("Dòng không có đường dẫn hoặc mã bài đăng."))
            continue
        figures, bad = {}, False
        for figure in FIGURES:
            if figure not in columns:
                continue
            number_value, ok = parse_figure(values.get(columns[figure], ""))
            if not ok:
                result.add_error(
                    number,
                    columns[figure],
                    _("“%(value)s” không phải số nguyên không âm.")
                    % {"value": text_of(values.get(columns[figure], ""))},
                )
                bad = True
            figures[figure] = number_value
        posts = {post.pk: post for key in keys for post in posts_by_key.get(key, ())}
        if len(posts) > 1:
            result.add_error(number, column, _("Đường dẫn này khớp với nhiều bài đăng."))
            continue
        if not posts:
            not_ours += 1
            continue
        post = next(iter(posts.values()))
        if not scope.can_see(user, post):
            result.add_error(number, column, _("Bài đăng này thuộc đơn vị ngoài phạm vi của bạn."))
            continue
        first = first_row_of_post.setdefault(post.pk, number)
        if first != number:
            result.add_error(
                number, column, _("Bài đăng này đã có ở dòng %(row)d.") % {"row": first}
            )
            continue
        if not bad:
            matched.append((post, figures))
    result.errors.sort(key=lambda error: error.row)
    if not result.ok:
        return result
    with transaction.atomic():
        result.details = {**_save(matched, as_of, channel), "posts_not_ours": not_ours}
    result.imported = len(matched)
    return result


def _published_posts_by_key(channel):
    """Every published post of the channel, under each key of its link (one query)."""
    posts = (
        FanpagePost.objects.filter(channel=channel, status=PostStatus.PUBLISHED)
        .exclude(published_url="")
        .select_related("org_unit")
    )
    by_key = {}
    for post in posts:
        for key in post.post_keys():
            by_key.setdefault(key, []).append(post)
    return by_key


def _save(matched, as_of, channel):
    existing = {
        figures.post_id: figures
        for figures in FanpageFigures.objects.filter(
            post_id__in=[post.pk for post, _figures in matched], as_of=as_of
        )
    }
    new, changed = [], []
    for post, figures in matched:
        snapshot = existing.get(post.pk)
        if snapshot is None:
            new.append(FanpageFigures(post=post, as_of=as_of, source=channel, **figures))
            continue
        if any(getattr(snapshot, name) != value for name, value in figures.items()):
            for name, value in figures.items():
                setattr(snapshot, name, value)
            snapshot.source = channel
            changed.append(snapshot)
    FanpageFigures.objects.bulk_create(new)
    if changed:
        FanpageFigures.objects.bulk_update(changed, [*FIGURES, "source"])
    return {"snapshots_created": len(new), "snapshots_updated": len(changed)}
