from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("Sổ theo dõi công tác truyền thông")
    default_auto_field = "django.db.models.BigAutoField"
