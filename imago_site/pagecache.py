"""Public pages served from memory, never stale.

A cached page is kept under a key made of its full address (scheme, host, path and query),
the language it is shown in, a quarter of an hour (trainings' "today" moves with their time
zones, some of which are a quarter or half an hour off UTC), and the *content version*. Every
save or delete of what the public pages show (trainings, modules, tracks, trainers, FAQ, and
applications, which change seat counts) replaces the content version, so the next request
renders afresh.

The content version lives in the shared cache (``caches["default"]``: the database, or Redis),
so one save reaches every app process on every server, and reading it is one cheap lookup per
request. The rendered pages themselves stay in each process's memory: reading 20-60 KB from
the database cache would cost more than the version check. Old versions' pages are never asked
for again and fall out of the bounded store.

Requests that may see something personal are never served from or stored in the cache: any
method but GET and HEAD, and requests carrying a session or pending messages.
"""

import functools
import hashlib
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

VERSION_KEY = "pagecache:content-version"
# Pages per process; a page is 20-100 KB, so at most a few tens of MB.
MAX_PAGES = 500
BUCKET_SECONDS = 15 * 60
# Headers a view may set that the cached copy must keep.
KEPT_HEADERS = ("Content-Type", "Content-Language")


class LocalPages:
    """A small least-recently-used store of rendered pages, shared by the threads of a process."""

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


local_pages = LocalPages(MAX_PAGES)


def content_version():
    """The current content version, made on first use."""
    cache = caches["default"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_changed():
    """Call when anything a public page shows has changed: the next request renders afresh.

    The version is replaced at once (the saving transaction and the test suite see it) and
    again after the commit, so that a page rendered meanwhile from the data before the
    commit is never kept under the new version.
    """
    replace_version()
    transaction.on_commit(replace_version)


def replace_version():
    caches["default"].set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def is_cacheable(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cached_page(view):
    """Serve ``view``'s successful responses from the page cache (see the module's text)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        key = (
            content_version(),
            int(timezone.now().timestamp()) // BUCKET_SECONDS,
            translation.get_language(),
            request.build_absolute_uri(),
        )
        page = local_pages.get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a form token
            ):
                return response
            page = {
                "content": response.content,
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
                "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            }
            local_pages.put(key, page)
        response = HttpResponse(page["content"])
        for name, value in page["headers"].items():
            response[name] = value
        response["ETag"] = page["etag"]
        # The language comes from the address, but a shared cache in front must not mix
        # visitors who carry a session (they are served uncached).
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
