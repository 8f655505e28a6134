"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imago_site.settings")

application = get_asgi_application()

# As in wsgi.py: the index of places is built when the server starts.
from trainings import places  # noqa: E402

places.load_index()
