"""Reading the apps' demo data (the TOML files of each app's ``demo/`` folder), for
``manage.py load_demo``. A mistake in a file stops the load with a message naming the file and
the entry, never a traceback."""

import tomllib

from django.core.management.base import CommandError


def read(path):
    """The data of the TOML file at ``path``."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CommandError(f"{path}: {error}") from error


def look_up(known, name, what, where):
    """``known[name]``, or an error that says which entry of which file (``where``) named the
    unknown ``what``."""
    if name not in known:
        raise CommandError(f"{where}: there is no {what} {name!r}")
    return known[name]
