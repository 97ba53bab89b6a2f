"""Wagtail's users app with the project's scoped user admin (``places.user_admin``).

Listed in INSTALLED_APPS instead of ``wagtail.users``: same app, same label, but
its view set and permission policies for users and groups are the scoped ones.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class ScopedUsersConfig(WagtailUsersAppConfig):
    user_viewset = "places.user_admin.ScopedUserViewSet"

    def ready(self):
        from places.user_admin import register_policies

        register_policies()
