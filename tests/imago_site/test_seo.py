import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, TrackFactory, TrainerFactory, TrainingFactory
from tests.trainings.test_training_page import json_ld
from trainings.models import Training

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    """The sitemap's entries as {location: lastmod or None}, parsed as XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): url.findtext(
            "sm:lastmod", namespaces=SITEMAP_NS
        )
        for url in root.findall("sm:url", SITEMAP_NS)
    }


def head_tags(html):
    """The head's canonical link and its meta tags as {property or name: content}."""
    head = html.split("</head>")[0]
    tags = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head))
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    return tags, canonical


def robots_rules(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = [line.split(":", 1) for line in response.content.decode().splitlines() if ":" in line]
    return [(field.strip(), value.strip()) for field, value in lines]


def is_disallowed(rules, path):
    """Whether a crawler following ``rules`` (prefixes, ``*`` for any text) skips ``path``."""
    patterns = [
        re.escape(value).replace(r"\*", ".*") for field, value in rules if field == "Disallow"
    ]
    return any(re.match(pattern, path) for pattern in patterns)


def test_sitemap_lists_the_public_pages(client):
    entries = sitemap_entries(client)

    for path in ["/", "/trainings/", "/faculty/", "/faq/", "/eligibility/"]:
        assert f"http://testserver{path}" in entries


def test_sitemap_lists_published_trainings_listed_tracks_and_trainers_only(client):
    published = TrainingFactory(slug="berlin-2027")
    TrainingFactory(slug="secret-draft", status=Training.Status.DRAFT)
    TrainingFactory(slug="called-off", status=Training.Status.CANCELLED)
    TrackFactory(slug="pilot", is_listed=False)
    TrainerFactory(slug="ana-ruiz")
    TrainerFactory(slug="retired", is_listed=False)
    application = ApplicationFactory(training=published)

    entries = sitemap_entries(client)

    assert entries["http://testserver/trainings/berlin-2027/"] == (
        published.updated_at.date().isoformat()
    )
    assert "http://testserver/tracks/clinical/" in entries
    assert "http://testserver/faculty/ana-ruiz/" in entries
    listed = "\n".join(entries)
    for hidden in ["secret-draft", "called-off", "/tracks/pilot/", "retired"]:
        assert hidden not in listed
    assert "/applications/" not in listed and "/apply/" not in listed
    assert application.get_absolute_url() not in listed


def test_sitemap_lists_every_page_in_every_language_with_its_alternates(client):
    TrainingFactory(slug="berlin-2027")
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    alternates = {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.iter(xhtml)
        }
        for url in root.findall("sm:url", SITEMAP_NS)
    }

    expected = {
        "en": "http://testserver/trainings/berlin-2027/",
        "es": "http://testserver/es/trainings/berlin-2027/",
        "de": "http://testserver/de/trainings/berlin-2027/",
        "x-default": "http://testserver/trainings/berlin-2027/",
    }
    for language in ["en", "es", "de"]:
        assert alternates[expected[language]] == expected
    assert alternates["http://testserver/es/faq/"]["de"] == "http://testserver/de/faq/"
    assert "http://testserver/de/tracks/clinical/" in alternates


def test_robots_txt_keeps_crawlers_out_of_the_applicants_pages(client):
    training = TrainingFactory(slug="berlin-2027")
    application = ApplicationFactory(training=training)

    rules = robots_rules(client)

    assert ("User-agent", "*") in rules
    assert ("Sitemap", "http://testserver/sitemap.xml") in rules
    for private in [application.get_absolute_url(), reverse("applicants:resend_links")]:
        assert is_disallowed(rules, private), private
    # An application form is public: someone searching how to apply may land on it.
    apply = reverse("applicants:apply", kwargs={"slug": "berlin-2027"})
    for public in ["/", "/trainings/", training.get_absolute_url(), apply, "/faq/", "/faculty/"]:
        assert not is_disallowed(rules, public), public


def test_the_admin_is_kept_out_of_search_results_without_robots_txt_naming_it(client, settings):
    admin = reverse("admin:index")
    assert admin.startswith(f"/{settings.ADMIN_URL}")

    assert admin.rstrip("/") not in client.get("/robots.txt").content.decode()
    for path in [admin, reverse("admin:login"), f"/{settings.ADMIN_URL}trainings/training/"]:
        response = client.get(path)
        assert response["X-Robots-Tag"] == "noindex, nofollow", path
    assert "X-Robots-Tag" not in client.get("/trainings/").headers


def test_robots_txt_names_the_sitemap_of_the_host_it_was_asked_on(client):
    rules = robots_rules(client)

    (sitemap,) = [value for field, value in rules if field == "Sitemap"]
    assert sitemap == "http://testserver/sitemap.xml"
    assert client.get(sitemap).status_code == 200


def test_home_page_has_canonical_and_open_graph_tags(client):
    tags, canonical = head_tags(client.get("/").content.decode())

    assert canonical == ["http://testserver/"]
    assert tags["og:url"] == "http://testserver/"
    assert tags["og:title"] == "Imago International Training Institute"
    assert tags["og:description"] == tags["description"]
    assert tags["og:description"].startswith("Training in Imago Relationship Therapy")
    assert tags["og:type"] == "website"
    assert tags["og:site_name"] == "Imago International Training Institute"
    assert tags["og:locale"] == "en"
    assert tags["twitter:card"] == "summary"


def test_catalogue_canonical_leaves_out_the_query_string(client):
    html = client.get("/trainings/?country=DE&page=1").content.decode()

    tags, canonical = head_tags(html)
    assert canonical == ["http://testserver/trainings/"]
    assert tags["og:url"] == "http://testserver/trainings/"
    assert tags["og:title"] == "Find a training · Imago International Training Institute"
    assert "<title>Find a training · Imago International Training Institute</title>" in html
    assert tags["og:description"] == tags["description"]
    assert tags["og:description"].startswith("Upcoming Imago trainings")


def test_training_page_previews_the_training(client):
    training = TrainingFactory(slug="berlin-2027", title="Clinical Track Berlin <2027>")

    html = client.get(training.get_absolute_url()).content.decode()

    tags, canonical = head_tags(html)
    assert canonical == ["http://testserver/trainings/berlin-2027/"]
    assert tags["og:url"] == canonical[0]
    title = "Clinical Track Berlin &lt;2027&gt; · Imago International Training Institute"
    assert tags["og:title"] == title
    assert f"<title>{title}</title>" in html
    assert tags["og:description"] == tags["description"]
    assert tags["og:description"].startswith("Clinical Track: ")
    assert len(re.findall(r'property="og:title"', html)) == 1


def test_the_500_page_renders_without_a_request_and_without_a_canonical_link(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/trainings/"))

    html = response.content.decode()
    tags, canonical = head_tags(html)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert canonical == [] and "og:url" not in tags
    assert tags["og:title"] == "Something went wrong · Imago International Training Institute"


def test_training_event_json_ld_carries_what_search_engines_require(client):
    # tests/trainings/test_training_page.py checks the rest of the graph; these are the
    # EducationEvent properties that rich results require.
    training = TrainingFactory(title="Clinical Track Berlin", fee=2400)

    _course, event = json_ld(client.get(training.get_absolute_url()).content.decode())["@graph"]

    assert event["name"] == "Clinical Track Berlin"
    assert event["startDate"] == training.starts_on.isoformat()
    assert event["location"]["@type"] == "Place"
    assert event["location"]["name"] == "Haus am See"
    assert event["offers"]["@type"] == "Offer"
    assert event["offers"]["price"] == "2400.00"
    assert event["offers"]["priceCurrency"] == "EUR"
    assert event["offers"]["url"] == "http://testserver/trainings/" + training.slug + "/"
