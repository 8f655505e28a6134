"""WSGI entry point, served by gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imago_site.settings")

application = get_wsgi_application()

# Build the index of places (a few seconds) when the server starts, not in the first visitor's
# "near" search; with gunicorn --preload every worker shares the one built in the master.
from trainings import places  # noqa: E402

places.load_index()
