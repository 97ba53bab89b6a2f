import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Create the first administrator once and print the login.

    The password comes from ADMIN_PASSWORD or is generated and kept in
    var/admin-login.txt, so a second run prints the same login.
    """

    help = "Create the admin account if missing and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        from django.conf import settings

        login_file = settings.VAR_DIR / "admin-login.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            login_file.write_text(f"{username}\n{password}\n")
            login_file.chmod(0o600)
        elif login_file.exists():
            password = login_file.read_text().split("\n")[1]
        else:
            password = None
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        shown = password or "(unchanged; `manage.py changepassword` sets a new one)"
        self.stdout.write(f"Admin: {base_url}/admin/  user: {username}  password: {shown}")
