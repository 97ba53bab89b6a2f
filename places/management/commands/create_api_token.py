"""manage.py create_api_token USERNAME [--name NAME]: make an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from places.tokens import create_token


class Command(BaseCommand):
    help = (
        "Create a bearer token for the API /api/v1/ acting as USERNAME (same permissions, "
        "same administrative subtree). The token is printed once and only its digest is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label to recognise the token later.")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive: a token would be refused.")
        token, plaintext = create_token(user, name or f"{username} API")
        self.stderr.write(
            f"Token #{token.pk} ({token.prefix}…) for {username}. "
            "Copy it now: it cannot be shown again."
        )
        self.stdout.write(plaintext)
