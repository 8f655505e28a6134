import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "staff"


class Command(BaseCommand):
    help = (
        "Create or reset the local staff account with a new random password and print how to "
        "log in. For local development only: refuses unless DJANGO_DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create a demo staff account while DJANGO_DEBUG is off: "
                "this command is for local development only. "
                "In production, use 'manage.py createsuperuser'."
            )
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"Staff login (local only): http://127.0.0.1:8000/{settings.ADMIN_URL}  "
            f"user '{USERNAME}', password '{password}'"
        )
