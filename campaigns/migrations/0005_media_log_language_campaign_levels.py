"""The media log in the issue's shape: district and commune levels, social posts, language, campaign.

Existing rows move with the codes: level ``local`` becomes ``commune`` (the
only local level the old form offered was the commune's loudspeaker and
bulletin), kind ``fanpage`` becomes ``social_post``. Kind ``other`` stays: it
holds items that fit none of the issue's seven kinds, and guessing a kind for
them would change what they say; the press indicator never counted them.
"""

import django.db.models.deletion
from django.db import migrations, models

import campaigns.models

RENAMES = (("level", "local", "commune"), ("channel", "fanpage", "social_post"))


def rename_codes(apps, schema_editor):
    MediaItem = apps.get_model("campaigns", "MediaItem")
    for field, old, new in RENAMES:
        MediaItem.objects.filter(**{field: old}).update(**{field: new})


def restore_codes(apps, schema_editor):
    MediaItem = apps.get_model("campaigns", "MediaItem")
    for field, old, new in RENAMES:
        MediaItem.objects.filter(**{field: new}).update(**{field: old})
    # The old model had no district level; the nearest old code is "local".
    MediaItem.objects.filter(level="district").update(level="local")


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_campaign_pages_translation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mediaitem",
            name="level",
            field=models.CharField(
                choices=[
                    ("central", "Trung ương"),
                    ("provincial", "Tỉnh, thành phố"),
                    ("district", "Quận, huyện"),
                    ("commune", "Xã, phường"),
                ],
                max_length=16,
                verbose_name="cấp",
            ),
        ),
        migrations.AlterField(
            model_name="mediaitem",
            name="channel",
            field=models.CharField(
                choices=[
                    ("newspaper", "Báo in"),
                    ("magazine", "Tạp chí"),
                    ("online_newspaper", "Báo điện tử"),
                    ("radio", "Phát thanh"),
                    ("television", "Truyền hình"),
                    ("loudspeaker", "Loa truyền thanh cơ sở"),
                    ("social_post", "Bài đăng mạng xã hội"),
                    ("other", "Khác"),
                ],
                max_length=32,
                verbose_name="loại hình",
            ),
        ),
        migrations.RunPython(rename_codes, restore_codes),
        migrations.AddField(
            model_name="mediaitem",
            name="language",
            field=models.CharField(
                choices=campaigns.models.content_language_choices,
                db_default="vi",
                default="vi",
                max_length=8,
                verbose_name="ngôn ngữ",
            ),
        ),
        migrations.AddField(
            model_name="mediaitem",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="media_items",
                to="campaigns.campaignpage",
                verbose_name="chiến dịch",
            ),
        ),
    ]
