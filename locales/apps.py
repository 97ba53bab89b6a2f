from django.apps import AppConfig


class LocalesConfig(AppConfig):
    name = "locales"
    verbose_name = "Locales"

    def ready(self):
        from . import checks  # noqa: F401  (registers the catalog check)
        from .languages import register

        register()
