"""Public pages served from memory, never stale.

A cached page is kept under a key made of its full address (scheme, host, path and query,
which also tell the language: every cached page is under a language prefix, none for
English), a quarter of an hour (trainings' "today" moves with their time zones, some of
which are a quarter or half an hour off UTC), and the *content version*. Every
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

When the shared cache cannot be reached, pages are rendered and not kept, and a save still
succeeds: the change is written to the content version as soon as the cache answers again.

Views choose to be cached with ``@cached_page``; ``PageCacheMiddleware``, placed before the
middleware that deals with sessions, languages, forms and logins, keeps their pages with
every header that middleware added, and serves the next request for the same address without
running any of it.
"""

import functools
import logging
import threading
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers, set_response_etag

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:content-version"
# Pages per process; a page is 20-100 KB, so at most a few tens of MB.
MAX_PAGES = 500
MAX_ADDRESSES = 5000
BUCKET_SECONDS = 15 * 60


class LocalPages:
    """A small least-recently-used store (of pages, or addresses), shared by the threads of a
    process."""

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


local_pages = LocalPages(MAX_PAGES)
# Addresses whose page was kept in this process: a request for any other skips the cache.
known_addresses = LocalPages(MAX_ADDRESSES)


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

    Inside a transaction the version is replaced at once (the saving transaction and the test
    suite see it) and again after the commit, so that a page rendered meanwhile from the data
    before the commit is never kept under the new version. Outside one, the change is already
    committed: once is enough.
    """
    if transaction.get_connection().in_atomic_block:
        replace_version()
    transaction.on_commit(replace_version)


def watch(*models):
    """Replace the content version whenever a row of ``models`` is saved or deleted, or a
    many-to-many relation among them (an intermediate model in ``models``) changes.

    Each app names what its public pages show, in its ``AppConfig.ready()``. Changes from the
    admin, the forms, the workflow or a command reach the page cache alike, so this is the one
    place where the portal listens to model signals rather than calling explicitly.
    ``QuerySet.update()`` sends no signal: callers of it call :func:`content_changed`.
    """
    for model in models:
        if model._meta.auto_created:  # a many-to-many relation's own table
            m2m_changed.connect(changed, sender=model, dispatch_uid=f"pagecache-m2m-{model}")
        else:
            post_save.connect(changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"pagecache-delete-{model}")


def changed(sender, action="post_", **kwargs):
    # Many-to-many changes signal before and after: the change is made after.
    if action.startswith("post_"):
        content_changed()


def replace_version():
    """A new content version. When the shared cache cannot be reached, the change that called
    for it is not lost to the page cache, and the save is not failed for it: this process
    neither serves nor keeps pages, and tries again on each request, until a version is
    written (see ``PageCacheMiddleware``)."""
    try:
        written = write_version()
    except Exception:
        written = False
    if written:
        version_change_pending.clear()
    else:
        logger.error("Content version not replaced: the shared cache is unreachable.")
        version_change_pending.set()


def write_version():
    """Whether the content version changed. Django's database cache does not raise when a write
    fails, so the version is read before and after the write: any other value after it is a
    new version, this one or one that another process wrote meanwhile, both after the change
    that called for it."""
    cache = caches["default"]
    before = cache.get(VERSION_KEY)
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(VERSION_KEY) != before


# Set while a change has not reached the content version (the shared cache was unreachable).
version_change_pending = threading.Event()


def is_cacheable(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def readable_version(request):
    """The content version for ``request``, read once; None when the shared cache cannot be
    reached: the page is then rendered and not kept (and when the database is what cannot be
    reached, the view's own query leads to the "try again" page)."""
    if not hasattr(request, "content_version"):
        try:
            request.content_version = content_version()
        except Exception:
            logger.warning("Page served without the page cache: the shared cache is unreachable.")
            request.content_version = None
    return request.content_version


def page_key(request, version):
    return (
        version,
        int(timezone.now().timestamp()) // BUCKET_SECONDS,
        request.build_absolute_uri(),
    )


def cached_page(view):
    """Have ``view``'s successful responses kept by ``PageCacheMiddleware`` (see the module's
    text)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            return view(request, *args, **kwargs)
        # The version is read before rendering: a page rendered from data older than the
        # version it is kept under would be served stale.
        version = readable_version(request)
        response = view(request, *args, **kwargs)
        if version is not None:
            response.page_cache_key = page_key(request, version)
        return response

    return wrapper


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if version_change_pending.is_set():
            replace_version()
        if not is_cacheable(request) or version_change_pending.is_set():
            return self.get_response(request)
        # Only addresses of cached pages cost a lookup of the version: any other request
        # passes through untouched.
        if known_addresses.get(request.build_absolute_uri()) and (
            version := readable_version(request)
        ):
            page = local_pages.get(page_key(request, version))
            if page is not None:
                return served(page)
        response = self.get_response(request)
        key = getattr(response, "page_cache_key", None)
        if key is None or not can_keep(request, response):
            return response
        set_response_etag(response)
        # The language comes from the address, but a shared cache in front must not mix
        # visitors who carry a session (they are served uncached).
        patch_vary_headers(response, ["Cookie"])
        # With the headers that the middleware after this one added, to send them again.
        page = {"content": response.content, "headers": dict(response.items())}
        local_pages.put(key, page)
        known_addresses.put(request.build_absolute_uri(), True)
        return served(page)


def can_keep(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a form token
    )


def served(page):
    return HttpResponse(page["content"], headers=page["headers"])
