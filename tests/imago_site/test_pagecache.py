"""Public pages come from the page cache, and a change shows on the very next request."""

import datetime
import re
import types
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from applicants.models import Application
from imago_site import pagecache
from tests.applicants.test_apply import answers
from tests.factories import (
    ApplicationFactory,
    ContactMessageFactory,
    QuestionFactory,
    TrainerFactory,
    TrainingFactory,
)
from trainings import followed_languages
from trainings.models import Training

pytestmark = pytest.mark.django_db
LANGUAGE_PREFIXES = ["", "/es", "/de"]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def training():
    return TrainingFactory(title="Clinical Track Lisbon", capacity=5)


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_a_cached_page_costs_one_query_for_the_versions(client, training, prefix, count_queries):
    url = f"{prefix}/trainings/"
    page(client, url)

    assert count_queries(url) == 1


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", ["/", "/trainings/", "/trainings/?near=Berlin"])
def test_listings_show_a_renamed_training_on_the_next_request(client, training, prefix, path):
    url = prefix + path
    assert "Clinical Track Lisbon" in page(client, url)

    training.title = "Clinical Track Porto"
    training.save()

    content = page(client, url)
    assert "Clinical Track Porto" in content
    assert "Clinical Track Lisbon" not in content


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_training_page_shows_a_changed_module_on_the_next_request(client, training, prefix):
    url = f"{prefix}/trainings/{training.slug}/"
    module = training.modules.get()
    page(client, url)

    module.title = "Childhood wounds"
    module.save()

    assert "Childhood wounds" in page(client, url)


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_training_page_shows_seats_taken_by_a_new_application(
    client, training, prefix, django_capture_on_commit_callbacks
):
    url = f"{prefix}/trainings/{training.slug}/"
    ApplicationFactory.create_batch(2, training=training)
    assert seats_left_shown(page(client, url)) == "3"

    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(training=training)

    assert seats_left_shown(page(client, url)) == "2"


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", ["/", "/trainings/", "/trainings/?near=Lisbon&language=en"])
def test_an_application_fills_the_seats_in_without_rendering_the_page_again(
    client, training, prefix, path, count_queries, django_capture_on_commit_callbacks
):
    url = prefix + path
    ApplicationFactory.create_batch(2, training=training)
    page(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(training=training)

    # The versions, then the seats of the trainings on the page: nothing else is read.
    assert count_queries(url) == 2
    assert seats_left_shown(page(client, url)) == "2"
    assert count_queries(url) == 1


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("path", ["/", "/trainings/", "/trainings/{slug}/"])
def test_a_page_filled_in_again_is_the_page_rendered_afresh(
    client, training, prefix, path, settings, django_capture_on_commit_callbacks
):
    """Every part that depends on seats (the badge, the apply button, the JSON-LD offer) is
    filled in, in the page's language, as a render of the page would show it: here as the
    last seat goes and the training moves to its waiting list."""
    url = prefix + path.format(slug=training.slug)
    ApplicationFactory.create_batch(4, training=training)
    page(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(training=training)
    filled = client.get(url)
    settings.PAGE_CACHE_ENABLED = False
    rendered = client.get(url)

    assert filled.content == rendered.content
    assert "availability-waiting_list" in filled.content.decode()
    assert filled["Content-Length"] == str(len(filled.content))


def test_the_apply_button_and_the_offer_follow_the_seats(
    client, training, django_capture_on_commit_callbacks
):
    ApplicationFactory.create_batch(4, training=training)
    before = page(client, training.get_absolute_url())
    assert "Apply for this training" in before and "schema.org/LimitedAvailability" in before

    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(training=training)

    after = page(client, training.get_absolute_url())
    assert "Join the waiting list" in after and "Apply for this training" not in after
    assert "schema.org/SoldOut" in after


def test_a_page_filled_in_again_answers_an_old_etag_with_the_new_page(
    client, training, django_capture_on_commit_callbacks
):
    ApplicationFactory.create_batch(2, training=training)
    first = client.get(training.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationFactory(training=training)

    again = client.get(training.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert seats_left_shown(again.content.decode()) == "2"
    unchanged = client.get(training.get_absolute_url(), headers={"if-none-match": again["ETag"]})
    assert unchanged.status_code == 304


def test_an_edited_page_answers_an_old_etag_with_the_new_page(client):
    """As above, for a page without live parts: its ETag is the kept content's own."""
    question = QuestionFactory(question="What are the fees?")
    first = client.get("/faq/")
    question.question = "How long does the training take?"
    question.save()

    again = client.get("/faq/", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert "How long does the training take?" in again.content.decode()
    unchanged = client.get("/faq/", headers={"if-none-match": again["ETag"]})
    assert unchanged.status_code == 304


def test_text_typed_like_a_marker_is_shown_as_typed(client, training):
    typed = "\ue000seats:1-badge\ue001 and \ue000abc:seats:1-offer\ue001"
    training.description = typed
    training.save()

    for _ in range(2):
        assert typed in page(client, training.get_absolute_url())


def test_an_application_in_an_unfinished_transaction_changes_no_kept_page(client, training):
    """The live version changes after the commit: before it, other requests see the seats of
    before, and a page filled in from them is not kept under a newer version."""
    page(client, training.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        ApplicationFactory(training=training)

    assert not [query for query in queries if "pagecache" in query["sql"]]


def seats_left_shown(content):
    availability = re.search(r'<p class="availability[^"]*">(.*?)</p>', content, re.S).group(1)
    return re.search(r"\d+", availability).group()


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_withdrawn_training_disappears_from_the_catalogue_on_the_next_request(
    client, training, prefix
):
    url = f"{prefix}/trainings/"
    assert training.title in page(client, url)

    training.delete()

    assert training.title not in page(client, url)


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
def test_faculty_shows_a_new_trainer_on_the_next_request(client, prefix):
    TrainerFactory(name="Ana García")
    url = f"{prefix}/faculty/"
    page(client, url)

    TrainerFactory(name="Jonas Weber")

    assert "Jonas Weber" in page(client, url)


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
@pytest.mark.parametrize("query", ["", "?q=fees"])
def test_faq_shows_an_edited_answer_on_the_next_request(client, prefix, query):
    question = QuestionFactory(question="What are the fees?", answer="The fees are listed.")
    url = f"{prefix}/faq/{query}"
    assert "The fees are listed." in page(client, url)

    question.answer = "The fees are shown on each training."
    question.save()

    content = page(client, url)
    assert "The fees are shown on each training." in content
    assert "The fees are listed." not in content


def test_trainer_joining_a_training_shows_on_its_page_on_the_next_request(client, training):
    page(client, training.get_absolute_url())

    training.trainers.add(TrainerFactory(name="Thandi Nkosi"))

    assert "Thandi Nkosi" in page(client, training.get_absolute_url())


def test_admin_cancel_action_shows_on_the_next_request(client, staff_client, training):
    from django.test import Client

    visitor = Client()
    assert training.title in page(visitor, "/trainings/")

    staff_client.post(
        "/admin/trainings/training/",
        {"action": "cancel", "_selected_action": [training.pk]},
    )

    assert training.title not in page(visitor, "/trainings/")


def test_languages_are_cached_apart(client, training):
    english = page(client, "/trainings/")
    spanish = page(client, "/es/trainings/")

    assert english != spanish
    assert page(client, "/trainings/") == english


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_visitor_with_a_session_or_a_message_is_served_a_fresh_page(
    client, training, count_queries, cookie
):
    page(client, "/trainings/")
    client.cookies[cookie] = "something of theirs"

    assert count_queries("/trainings/") > 1


def test_a_head_request_is_answered_from_the_cache(client, training):
    page(client, "/trainings/")

    with CaptureQueriesContext(connection) as queries:
        response = client.head("/trainings/")

    assert response.status_code == 200
    assert len(queries) == 1


def test_a_page_is_kept_within_its_quarter_of_an_hour(rf, monkeypatch):
    start = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)
    request = rf.get("/trainings/")

    def key_at(seconds):
        moment = start + datetime.timedelta(seconds=seconds)
        monkeypatch.setattr(pagecache.timezone, "now", lambda: moment)
        return pagecache.page_key(request, 7)

    assert key_at(0) == key_at(1) == key_at(pagecache.BUCKET_SECONDS - 1)
    assert key_at(pagecache.BUCKET_SECONDS) != key_at(0)
    assert key_at(0)[::2] == (7, "http://testserver/trainings/")


def test_cached_training_page_answers_a_conditional_get_with_304(client, training):
    first = client.get(training.get_absolute_url())

    again = client.get(training.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_changed_training_page_answers_a_conditional_get_with_the_new_page(client, training):
    first = client.get(training.get_absolute_url())
    training.title = "Clinical Track Porto"
    training.save()

    again = client.get(training.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert "Clinical Track Porto" in again.content.decode()


def test_pages_render_every_time_with_the_cache_turned_off(
    client, training, settings, count_queries
):
    settings.PAGE_CACHE_ENABLED = False
    page(client, "/trainings/")

    assert count_queries("/trainings/") > 1


@pytest.mark.parametrize("prefix", LANGUAGE_PREFIXES)
# The catalogue shows seats, filled in on serving; the FAQ has no such live part.
@pytest.mark.parametrize("path", ["/trainings/", "/faq/"])
def test_a_page_from_the_cache_carries_the_headers_of_the_rendered_one(
    client, training, prefix, path
):
    rendered = client.get(f"{prefix}{path}")
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(f"{prefix}{path}")

    assert len(queries) == 1  # the versions: served from the cache
    for header in [
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "ETag",
    ]:
        assert cached[header] == rendered[header], header
    assert "Cookie" in cached["Vary"]
    assert cached.content == rendered.content


def test_pages_that_are_never_cached_cost_no_lookup_of_the_version(client, training):
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/trainings/{training.slug}/apply/")
        assert response.status_code == 200
        assert not [query for query in queries if "pagecache" in query["sql"]]


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


def test_pages_are_kept_and_served_while_the_shared_cache_is_unreachable(
    client, training, settings, count_queries
):
    settings.CACHES = UNREACHABLE_REDIS
    page(client, "/trainings/")

    assert "Clinical Track Lisbon" in page(client, "/trainings/")
    assert count_queries("/trainings/") == 1


def test_an_application_is_stored_and_shown_while_the_shared_cache_is_unreachable(
    client, training, settings, caplog, django_capture_on_commit_callbacks
):
    ApplicationFactory.create_batch(2, training=training)
    assert seats_left_shown(page(client, training.get_absolute_url())) == "3"
    settings.CACHES = UNREACHABLE_REDIS

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/trainings/{training.slug}/apply/", answers())

    assert response.status_code == 302
    assert Application.objects.get(email="ana@example.org").training == training
    assert seats_left_shown(page(client, training.get_absolute_url())) == "2"
    assert "Rate limit of the apply form not checked" in caplog.text


def test_an_edit_made_while_the_shared_cache_is_unreachable_shows_at_once(
    client, training, settings
):
    assert "Clinical Track Lisbon" in page(client, "/trainings/")
    settings.CACHES = UNREACHABLE_REDIS

    training.title = "Clinical Track Porto"
    training.save()

    html = page(client, "/trainings/")
    assert "Clinical Track Porto" in html and "Clinical Track Lisbon" not in html


@pytest.mark.django_db(transaction=True)
def test_versions_taken_by_many_processes_at_once_are_all_new(client, training):
    """Saves in several processes at the same moment each take a version of their own, and a
    page kept before them is rendered afresh after them."""
    page(client, "/trainings/")
    before = pagecache.current_versions()

    def take_many(_number):
        try:
            return [pagecache.take_next(pagecache.CONTENT_SEQUENCE) for _ in range(40)]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(take_many, range(6)))

    assert pagecache.current_versions().content == before.content + 240
    Training.objects.filter(pk=training.pk).update(title_en="Changed unseen")
    pagecache.replace_version()
    assert "Changed unseen" in page(client, "/trainings/")


def test_a_kept_page_varies_on_the_cookie_though_it_never_read_the_session(rf):
    """A shared cache in front must not give it to a visitor who carries a session."""

    @pagecache.cached_page
    def plain(request):
        return HttpResponse("<main>Trainings</main>")

    response = pagecache.PageCacheMiddleware(plain)(rf.get("/plain/"))

    assert response["Vary"] == "Cookie"
    assert len(pagecache.local_pages.pages) == 1


def test_a_page_that_cannot_be_kept_is_sent_with_its_seats_filled_in(rf, training):
    """A page rendered to be kept but refused at the end (here: it sets a cookie) still goes
    out whole, with no marker left in it."""
    from trainings.views import training_detail

    def view_setting_a_cookie(request):
        response = training_detail(request, slug=training.slug)
        response.set_cookie("seen", "1")
        return response

    request = rf.get(training.get_absolute_url())
    response = pagecache.PageCacheMiddleware(view_setting_a_cookie)(request)

    html = response.content.decode()
    assert request.live_parts  # rendered with markers
    assert pagecache.MARKER_NONCE not in html
    assert "Apply for this training" in html and "schema.org/InStock" in html
    assert response["Content-Length"] == str(len(response.content))


@pytest.mark.parametrize(
    ("personal", "make"),
    [
        (False, lambda request, response: None),
        (True, lambda request, response: response.set_cookie("seen", "1")),
        (False, lambda request, response: request.session.get("carried_application")),
        (True, lambda request, response: request.session.update({"carried": {"name": "Ana"}})),
        (
            True,
            lambda request, response: response.write(
                '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
            ),
        ),
    ],
    ids=["plain", "cookie", "empty-session-read", "session-written", "form-token"],
)
def test_a_page_with_anything_of_the_visitors_is_never_kept(rf, personal, make):
    """Checked on the page as it leaves, whatever the middleware before did with its flags."""
    request = rf.get("/")
    request.session = SessionStore()
    response = HttpResponse("<main>Trainings</main>")
    make(request, response)

    assert pagecache.can_keep(request, response) is not personal


def test_a_search_that_remembers_languages_does_so_for_every_visitor_who_sends_it(training):
    """The page writes to the visitor's new session, so it is rendered for each of them."""
    url = "/trainings/?near=Berlin&follows=en&search=Show+trainings"

    for visitor in (Client(), Client()):
        assert visitor.get(url).status_code == 200
        assert visitor.session[followed_languages.SESSION_KEY] == ["en"]


@pytest.fixture
def database_unreachable(tmp_path):
    """The portal's connection pointed at a folder where no PostgreSQL listens."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST=str(tmp_path))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.mark.django_db(transaction=True)
def test_a_page_asked_for_while_the_database_is_unreachable_asks_to_try_again(
    client, database_unreachable, caplog
):
    response = client.get("/trainings/")

    assert response.status_code == 503
    assert "Page served without the page cache: the database is unreachable." in caplog.messages
    assert not pagecache.local_pages.pages


def test_a_kept_value_is_loaded_once_until_the_content_changes(training):
    loads = []

    def load():
        loads.append(Training.objects.get(pk=training.pk).title)
        return loads[-1]

    first = pagecache.kept_while_unchanged(("title", training.pk), load)
    again = pagecache.kept_while_unchanged(("title", training.pk), load)
    training.title = "Clinical Track Porto"
    training.save()
    after_edit = pagecache.kept_while_unchanged(("title", training.pk), load)

    assert (first, again, after_edit) == (
        "Clinical Track Lisbon",
        "Clinical Track Lisbon",
        "Clinical Track Porto",
    )
    assert len(loads) == 2


def test_a_load_that_fails_keeps_nothing(training):
    def missing():
        raise Training.DoesNotExist

    for _ in range(2):
        with pytest.raises(Training.DoesNotExist):
            pagecache.kept_while_unchanged(("missing", 0), missing)
    assert pagecache.kept_while_unchanged(("missing", 0), lambda: "found") == "found"


def test_nothing_is_kept_with_the_cache_turned_off(training, settings):
    settings.PAGE_CACHE_ENABLED = False
    loads = []

    for _ in range(2):
        pagecache.kept_while_unchanged(("off", training.pk), lambda: loads.append(1) or 1)

    assert len(loads) == 2


def test_the_small_store_forgets_the_least_recently_used_beyond_its_size():
    store = pagecache.LocalPages(2)
    store.put("a", "page a")
    store.put("b", "page b")
    assert store.get("a") == "page a"  # b is now the least recently used

    store.put("c", "page c")

    assert [store.get(key) for key in ("a", "b", "c")] == ["page a", None, "page c"]
    store.put("a", "page a, again")
    assert list(store.pages) == ["c", "a"]


@pytest.fixture
def receivers_restored():
    """What a test connects to the model signals is disconnected after it."""
    signals = (post_save, post_delete, m2m_changed)
    saved = {signal: list(signal.receivers) for signal in signals}
    yield
    for signal in signals:
        with signal.lock:
            signal.receivers = saved[signal]
            signal.sender_receivers_cache.clear()


def test_a_watched_model_replaces_the_version_once_per_change(receivers_restored):
    """Staff groups stand in for any model and its many-to-many table."""
    pagecache.watch(Group, Group.permissions.through)
    pagecache.watch(Group)  # watching again changes nothing
    version = pagecache.current_versions().content
    steps = []

    def change(make_it):
        nonlocal version
        make_it()
        now = pagecache.current_versions().content
        steps.append(now - version)
        version = now

    group = Group(name="Editors")
    change(group.save)
    change(lambda: group.permissions.add(*Permission.objects.all()[:2]))
    change(lambda: group.permissions.remove(Permission.objects.first()))
    # Rows and relations of models not watched.
    message = ContactMessageFactory()
    change(message.delete)
    user = get_user_model().objects.create_user("someone")
    change(lambda: user.groups.add(group))
    change(group.delete)

    assert steps == [1, 1, 1, 0, 0, 1]


def test_a_model_shown_in_live_parts_replaces_the_live_version_once_committed(
    receivers_restored, django_capture_on_commit_callbacks
):
    pagecache.watch_live_parts(Group)
    group = Group(name="Editors")
    message = ContactMessageFactory.build()
    steps = []
    for change in (group.save, message.save, message.delete, group.delete):
        before = pagecache.current_versions()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        after = pagecache.current_versions()
        steps.append((after.live - before.live, after.content - before.content))

    assert steps == [(1, 0), (0, 0), (0, 0), (1, 0)]


def test_each_live_part_is_filled_in_by_its_own_filler_with_nothing_for_what_it_lacks(
    monkeypatch,
):
    monkeypatch.setattr(pagecache, "live_part_fillers", {})
    asked = []

    def fill(name, texts):
        def filler(arguments):
            asked.append((name, sorted(arguments)))
            return texts

        return filler

    pagecache.register_live_part("seats", fill("seats", {"7": "3 seats left"}))
    pagecache.register_live_part("dates", fill("dates", {"7": "12 March"}))
    pagecache.register_live_part("unused", fill("unused", {}))
    request = types.SimpleNamespace(live_parts={})
    markers = [
        pagecache.live_part(request, "seats", "7", "4 seats left"),
        pagecache.live_part(request, "seats", "8", "1 seat left"),
        pagecache.live_part(request, "dates", "7", "11 March"),
    ]

    texts = pagecache.texts_now(" and ".join(markers).encode())

    assert [texts[marker] for marker in markers] == ["3 seats left", "", "12 March"]
    assert asked == [("seats", ["7", "8"]), ("dates", ["7"])]
    # A marker without a text (its filler gone since) is left out of the page.
    known = {markers[0]: "3 seats left"}
    assert pagecache.filled_in(f"{markers[0]}, {markers[1]}.".encode(), known) == (
        b"3 seats left, ."
    )


def test_a_page_rendered_again_reads_the_versions_once(client, training):
    page(client, "/faq/")
    pagecache.content_changed()  # the kept page is stale: it is rendered again

    with CaptureQueriesContext(connection) as queries:
        page(client, "/faq/")

    reads = [query for query in queries if pagecache.CONTENT_SEQUENCE in query["sql"]]
    assert len(reads) == 1
