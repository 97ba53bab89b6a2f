"""manage.py setup_roles: create the four role groups with their permissions."""

from django.core.management.base import BaseCommand

from places.services import setup_roles


class Command(BaseCommand):
    help = (
        "Create the four role groups, named in Vietnamese (Tình nguyện viên, Người duyệt, "
        "Cán bộ truyền thông, Quản trị viên), and grant their permissions. "
        "Safe to run again; run it after every migrate."
    )

    def handle(self, *args, **options):
        for role, group in setup_roles().items():
            count = group.permissions.count()
            self.stdout.write(f"{role.value} ({role.label}): {count} permissions")
