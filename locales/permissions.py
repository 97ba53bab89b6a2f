"""Permission names in Vietnamese: Django stores "Can add …" in English when it creates
them, and Wagtail's group editor shows those names."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


def vietnamese_names(model):
    """The Vietnamese name of each permission of ``model``, by codename."""
    meta = model._meta
    actions = {
        "add": _("Được thêm %(name)s"),
        "change": _("Được sửa %(name)s"),
        "delete": _("Được xoá %(name)s"),
        "view": _("Được xem %(name)s"),
    }
    names = {
        f"{action}_{meta.model_name}": actions[action] % {"name": meta.verbose_name}
        for action in meta.default_permissions
        if action in actions
    }
    names.update({codename: str(name) for codename, name in meta.permissions})
    # Created by data migrations rather than declared on the model.
    names.update(
        {
            "choose_image": _("Được chọn ảnh"),
            "choose_document": _("Được chọn tài liệu"),
            "submit_translation": _("Được gửi bản dịch"),
        }
    )
    return names


def name_permissions_in_vietnamese(app_config, using="default", **kwargs):
    """post_migrate: rename the app's permissions (creating them first, as auth would)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    if not app_config.models_module:
        return
    create_permissions(app_config, verbosity=0, using=using)
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        permissions = Permission.objects.using(using).filter(
            content_type__app_label=app_config.label
        )
        for permission in permissions.select_related("content_type"):
            model = permission.content_type.model_class()
            if model is None:
                continue
            name = vietnamese_names(model).get(permission.codename, "")[:255]
            if name and name != permission.name:
                permission.name = name
                changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"])
