"""Public pages served from memory, never stale.

A cached page is kept under a key made of its full address (scheme, host, path and query,
which also tell the language: every cached page is under a language prefix, none for
English), a quarter of an hour (trainings' "today" moves with their time zones, some of
which are a quarter or half an hour off UTC), and the *content version*. Every
save or delete of what the public pages show (trainings, modules, tracks, trainers, FAQ)
replaces the content version, so the next request renders afresh.

Some parts of a page change far more often than the rest: the seats of a training change with
every application, and on the day a popular cohort opens they arrive several a second. Those
*live parts* are kept as markers in the page and filled in when it is served, from one query
of what they show (see :func:`live_part`). A change to them replaces the *live version*
only, after the commit: each process then fills its kept pages in again on their next
request, and renders none of them afresh.

Both versions are PostgreSQL sequences, so one save reaches every app process on every server,
and reading them is one cheap statement per request. A new version is taken with ``nextval``,
which waits for no lock and is not undone by a rollback; the versions do not depend on the
shared cache, so pages are kept and served while it cannot be reached. The rendered pages
themselves stay in each process's memory: reading 20-60 KB from a shared store would cost more
than the version check. Old versions' pages are never asked for again and fall out of the
bounded store.

Requests that may see something personal are never served from or stored in the cache: any
method but GET and HEAD, and requests carrying a session or pending messages. What such a
request reads of the public pages' data every time (the training an application is sent to)
can be kept under the content version too: :func:`kept_while_unchanged`.

Views choose to be cached with ``@cached_page``; ``PageCacheMiddleware``, placed before the
middleware that deals with sessions, languages, forms and logins, keeps their pages with
every header that middleware added, and serves the next request for the same address without
running any of it.
"""

import dataclasses
import functools
import hashlib
import logging
import re
import secrets
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag

logger = logging.getLogger(__name__)

# Made by the migration imago_site/0008.
CONTENT_SEQUENCE = "pagecache_content_version"
LIVE_SEQUENCE = "pagecache_live_version"
# Pages per process; a page is 20-100 KB, held twice when it has live parts (as rendered and as
# last filled in): tens of MB at most.
MAX_PAGES = 500
MAX_ADDRESSES = 5000
BUCKET_SECONDS = 15 * 60


class LocalPages:
    """A small least-recently-used store (of pages, addresses, or values kept by
    :func:`kept_while_unchanged`), shared by the threads of a process."""

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


@dataclasses.dataclass(frozen=True)
class Versions:
    content: int
    live: int


def current_versions():
    """The content version and the live version, read at once."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT last_value FROM {CONTENT_SEQUENCE}),"
            f" (SELECT last_value FROM {LIVE_SEQUENCE})"
        )
        content, live = cursor.fetchone()
    return Versions(content=content, live=live)


# What views read of the public pages' data on requests that are never cached, such as the
# training an application is sent to (:func:`kept_while_unchanged`): a few per training.
MAX_KEPT_OBJECTS = 1000
kept_objects = LocalPages(MAX_KEPT_OBJECTS)


def kept_while_unchanged(key, load):
    """``load()``, kept in this process until the content version changes: what a view that
    is never cached (a form sent, say) reads of the public pages' data on every request, at
    the cost of one cheap statement instead of ``load``'s queries. What ``load`` raises is
    raised, and nothing is kept. Every caller gets the same kept value: copy what you change.
    """
    if not settings.PAGE_CACHE_ENABLED:
        return load()
    # The version is read before loading, as for a page: a value loaded from data older than
    # the version it is kept under would be served stale.
    try:
        version = current_versions().content
    except DatabaseError:
        return load()
    value = kept_objects.get((version, key))
    if value is None:
        value = load()
        kept_objects.put((version, key), value)
    return value


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


def live_parts_changed():
    """Call when what a live part shows has changed: kept pages are filled in again on their
    next request. Only after the commit: a page filled in meanwhile, from the data before it,
    is kept under the old live version."""
    transaction.on_commit(replace_live_version)


def watch(*models):
    """Replace the content version whenever a row of ``models`` is saved or deleted, or a
    many-to-many relation among them (an intermediate model in ``models``) changes.

    Each app names what its public pages show, in its ``AppConfig.ready()``. Changes from the
    admin, the forms, the workflow or a command reach the page cache alike, so this is the one
    place where the portal listens to model signals rather than calling explicitly.
    ``QuerySet.update()`` sends no signal: callers of it call :func:`content_changed`.
    """
    # A receiver is connected once per sender, however often it is watched.
    for model in models:
        if model._meta.auto_created:  # a many-to-many relation's own table
            m2m_changed.connect(changed, sender=model)
        else:
            post_save.connect(changed, sender=model)
            post_delete.connect(changed, sender=model)


def changed(sender, action="post_", **kwargs):
    # Many-to-many changes signal before and after: the change is made after.
    if action.startswith("post_"):
        content_changed()


def watch_live_parts(model):
    """Replace the live version whenever a row of ``model`` is saved or deleted: what it
    changes on public pages is only ever shown in live parts."""
    post_save.connect(live_changed, sender=model)
    post_delete.connect(live_changed, sender=model)


def live_changed(sender, **kwargs):
    live_parts_changed()


def replace_version():
    """A new content version."""
    take_next(CONTENT_SEQUENCE)


def replace_live_version():
    """A new live version."""
    take_next(LIVE_SEQUENCE)


def take_next(sequence):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])


# --- Live parts ------------------------------------------------------------------------------
# A marker holds a part's name and its argument, with a nonce of this process between
# characters of Unicode's private use area: the process that keeps a page is the one that fills
# it in, and no text typed into a page can pose as a marker.
MARKER_NONCE = secrets.token_hex(6)
MARKER = re.compile(f"\ue000{MARKER_NONCE}:(\\w+):([^\ue001]*)\ue001")
# Name of a live part -> a function of the arguments of the markers found in one page that
# returns {argument: text}, in the active language (apps register theirs in ready()).
live_part_fillers = {}


def register_live_part(name, fill):
    live_part_fillers[name] = fill


def live_part(request, name, argument, text):
    """``text``, as the live part ``name`` with ``argument`` (registered with
    :func:`register_live_part`) shows now. In a page that will be kept, a marker in its
    place, which serving fills in: with ``text`` on this request, and after a change of the
    live version with what the part's filler finds then."""
    parts = getattr(request, "live_parts", None)
    if parts is None:
        return text
    marker = f"\ue000{MARKER_NONCE}:{name}:{argument}\ue001"
    parts[marker] = str(text)
    return marker


def filled_in(content, texts):
    """``content`` (bytes) with each marker replaced by its text in ``texts``."""
    return MARKER.sub(lambda found: texts.get(found.group(), ""), content.decode()).encode()


def texts_now(content):
    """What each marker in ``content`` shows now: one call of each part's filler."""
    found = {marker.group(): marker.groups() for marker in MARKER.finditer(content.decode())}
    texts = {}
    for name, fill in live_part_fillers.items():
        arguments = {marker: argument for marker, (part, argument) in found.items() if part == name}
        if arguments:
            shown = fill(set(arguments.values()))
            texts |= {marker: shown.get(argument, "") for marker, argument in arguments.items()}
    return texts


@dataclasses.dataclass
class KeptPage:
    """A page as rendered (with the markers of its live parts), and as last filled in."""

    content: bytes
    headers: dict
    language: str
    # (live version, content, ETag) of the last filling in; None for a page without live parts.
    filled: tuple | None = None

    def response(self, live_version):
        if self.filled is None:
            return HttpResponse(self.content, headers=self.headers)
        if self.filled[0] != live_version:
            with translation.override(self.language):
                self.fill(live_version, texts_now(self.content))
        _version, content, etag = self.filled
        response = HttpResponse(content, headers=self.headers)
        response["ETag"] = etag
        response["Content-Length"] = str(len(content))
        return response

    def fill(self, live_version, texts):
        content = filled_in(self.content, texts)
        etag = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
        # One assignment: a thread serving this page meanwhile reads the old filling or this.
        self.filled = (live_version, content, etag)


# --- Serving ---------------------------------------------------------------------------------


def is_cacheable(request):
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def readable_versions(request):
    """The versions for ``request``, read once; None when the database cannot be reached: the
    page is then rendered and not kept, and the view's own query leads to the "try again"
    page."""
    if not hasattr(request, "versions"):
        try:
            request.versions = current_versions()
        except DatabaseError:
            logger.warning("Page served without the page cache: the database is unreachable.")
            request.versions = None
    return request.versions


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
        # The versions are read before rendering: a page rendered from data older than the
        # version it is kept under would be served stale.
        versions = readable_versions(request)
        if versions is not None:
            request.live_parts = {}
        response = view(request, *args, **kwargs)
        if versions is not None:
            response.page_cache_key = page_key(request, versions.content)
        return response

    return wrapper


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable(request):
            return self.get_response(request)
        # Only addresses of cached pages cost a lookup of the versions: any other request
        # passes through untouched.
        if known_addresses.get(request.build_absolute_uri()) and (
            versions := readable_versions(request)
        ):
            page = local_pages.get(page_key(request, versions.content))
            if page is not None:
                return page.response(versions.live)
        response = self.get_response(request)
        texts = getattr(request, "live_parts", None)
        key = getattr(response, "page_cache_key", None)
        if key is None or not can_keep(request, response):
            if texts:
                response.content = filled_in(response.content, texts)
                response["Content-Length"] = str(len(response.content))
            return response
        # The language comes from the address, but a shared cache in front must not mix
        # visitors who carry a session (they are served uncached).
        patch_vary_headers(response, ["Cookie"])
        # With the headers that the middleware after this one added, to send them again.
        page = KeptPage(
            content=response.content,
            headers=dict(response.items()),
            language=response.get("Content-Language", settings.LANGUAGE_CODE),
        )
        if texts:
            page.fill(request.versions.live, texts)
        else:
            page.headers["ETag"] = quote_etag(
                hashlib.md5(page.content, usedforsecurity=False).hexdigest()
            )
        local_pages.put(key, page)
        known_addresses.put(request.build_absolute_uri(), True)
        return page.response(request.versions.live)


# A POST form's token, which is the visitor's own (the same field name as Django's).
FORM_TOKEN = b'name="csrfmiddlewaretoken"'


def can_keep(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not is_personal(request, response)
    )


def is_personal(request, response):
    """Whether the page holds anything of one visitor's: a cookie set for them, a form token,
    or something written to their session. (A request that brings a session is never cached:
    see :func:`is_cacheable`.)"""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or FORM_TOKEN in response.content
        or (session is not None and session.modified)
    )
