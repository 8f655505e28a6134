import re

import pytest

from tests.factories import TrackFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_listed_tracks_from_the_database(client):
    TrackFactory(name="Clinical Track", slug="clinical", summary="For clinicians.")
    TrackFactory(name="Secret Pilot", slug="pilot", is_listed=False)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Clinical Track" in html
    assert "For clinicians." in html
    assert 'href="/tracks/clinical/"' in html
    assert "Secret Pilot" not in html


def test_home_without_tracks_says_so(client):
    response = client.get("/")

    assert "The training tracks are being prepared" in response.content.decode()


def test_every_page_has_the_site_chrome(client):
    html = client.get("/").content.decode()

    assert re.search(r'<html lang="en" dir="ltr">', html)
    assert 'href="#main"' in html and 'id="main"' in html  # the skip link and its target
    assert html.count("<h1") == 1
    for label, url in [("Trainings", "/trainings/"), ("FAQ", "/faq/"), ("Contact", "/contact/")]:
        assert f'href="{url}"' in html and label in html
    assert "<footer" in html


def test_pages_load_bootstrap_from_the_portals_own_hashed_static_files(client):
    html = client.get("/").content.decode()

    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert any(
        re.fullmatch(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", s)
        for s in stylesheets
    ), stylesheets
    assert all(s.startswith("/static/") for s in stylesheets)
    assert "<script" not in html and "style=" not in html


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_track_page_tells_who_it_is_for(client):
    TrackFactory(
        name="Professional Facilitator Training",
        slug="pft",
        prerequisites="No clinical degree is needed.",
        pathway="Certified facilitators may lead workshops.",
    )

    page = client.get("/tracks/pft/").content.decode()

    assert "<h1>Professional Facilitator Training</h1>" in page
    assert "No clinical degree is needed." in page
    assert "Certified facilitators may lead workshops." in page


def test_an_unlisted_track_is_not_found(client):
    TrackFactory(slug="pilot", is_listed=False)

    assert client.get("/tracks/pilot/").status_code == 404


def test_the_404_page_is_in_the_sites_look(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in html
    assert 'href="#main"' in html
    assert 'href="/trainings/"' in html


def test_the_500_page_is_in_the_sites_look(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Imago International Training Institute" in html
    assert "/static/css/site." in html


def test_the_online_module_page_answers_the_online_question(client):
    from tests.factories import QuestionFactory

    clinical = TrackFactory(slug="clinical")
    TrackFactory(slug="online-first-module", name="Online first module", opens=clinical)
    QuestionFactory(question="Can I study online?", topic="online")
    QuestionFactory(question="What does it cost?", topic="fees")

    online = client.get("/tracks/online-first-module/").content.decode()
    other = client.get("/tracks/clinical/").content.decode()

    assert "Can I study online?" in online and "What does it cost?" not in online
    assert "Can I study online?" not in other


def test_the_menu_marks_this_page_and_the_section_of_a_page_within_it(client):
    training = TrainingFactory()

    catalogue = client.get("/trainings/").content.decode()
    detail = client.get(training.get_absolute_url()).content.decode()

    assert 'href="/trainings/" aria-current="page"' in catalogue
    assert 'href="/trainings/" aria-current="true"' in detail
    assert 'aria-current="page"' not in detail.split("</nav>")[0]
