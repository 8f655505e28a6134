"""Every public page is valid HTML, in each state a visitor meets: parsed by html5lib (the
WHATWG parsing algorithm) without a single parse error (a doubled attribute, a stray end tag, a
block inside a paragraph), and checked for what a parser lets pass but the standard does not:
unique ids, labels, ARIA references and in-page links that point at an element of the page,
``for`` only on a label, machine-readable dates that browsers and assistive technology can
read."""

import re

import html5lib
import pytest
from django.core.management import call_command

from applicants.models import Application
from trainings.models import Trainer, Training

pytestmark = pytest.mark.django_db

# The valid forms of a <time datetime>: a date, or a date and time with at most milliseconds
# and an optional zone.
DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def problems(html):
    """What keeps ``html`` from being valid, in words; empty when it is."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(html)
    found = [
        f"line {line}:{column}: {code} {data or ''}" for (line, column), code, data in parser.errors
    ]
    elements = list(tree.iter())
    ids = [element.get("id") for element in elements if element.get("id")]
    found += [f"id {name!r} used twice" for name in {i for i in ids if ids.count(i) > 1}]
    for element in elements:
        tag = element.tag
        if element.get("for") is not None and tag not in ("label", "output"):
            found.append(f"for= on <{tag}>")
        if tag == "label" and element.get("for") and element.get("for") not in ids:
            found.append(f"<label for={element.get('for')!r}> names no element")
        for attribute in ("aria-describedby", "aria-labelledby", "aria-controls"):
            for name in (element.get(attribute) or "").split():
                if name not in ids:
                    found.append(f"{attribute}={name!r} on <{tag}> names no element")
        href = element.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1 and href[1:] not in ids:
            found.append(f"<a href={href!r}> leads nowhere on the page")
        datetime = element.get("datetime") if tag == "time" else None
        if datetime is not None and not DATETIME.fullmatch(datetime):
            found.append(f"<time datetime={datetime!r}>")
    return found


def test_the_checks_find_what_they_look_for():
    page = (
        "<!doctype html><html lang='en'><head><title>t</title></head><body>"
        "<p><div></div></p><input type=email type=email id=a><label for=b>x</label>"
        "<legend for=a>y</legend><time datetime='2026-12-05T08:49:24.058135+00:00'>z</time>"
        "<span id=a aria-describedby=c></span><a href='#d'>e</a></body></html>"
    )

    found = " | ".join(problems(page))

    for expected in (
        "duplicate-attribute",
        "unexpected-end-tag",
        "id 'a' used twice",
        "<label for='b'> names no element",
        "for= on <legend>",
        "<time datetime='2026-12-05T08:49:24.058135+00:00'>",
        "aria-describedby='c'",
        "<a href='#d'> leads nowhere",
    ):
        assert expected in found
    assert problems("<!doctype html><html lang='en'><head><title>t</title></head></html>") == []


def test_every_public_page_is_valid_html(client):
    call_command("load_demo")
    training = next(t for t in Training.objects.published().order_by("pk") if t.is_open)
    application = Application.objects.filter(training__starts_on__isnull=False).first()
    refused_for_eligibility = (
        "/eligibility/?degree_level=bachelor&degree_field=psychology&has_licence=no&country=DE"
    )
    pages = [
        "/",
        "/trainings/",
        "/trainings/?near=Lisbon&language=en&format=",
        training.get_absolute_url(),
        "/es" + training.get_absolute_url(),
        training.track.get_absolute_url(),
        "/faculty/",
        Trainer.objects.filter(is_listed=True).first().get_absolute_url(),
        "/faq/",
        "/faq/?q=fees",
        "/contact/",
        "/interest/",
        "/eligibility/",
        refused_for_eligibility,
        "/eligibility/?degree_level=none&has_licence=perhaps",
        f"/trainings/{training.slug}/apply/",
        "/privacy/",
        "/accessibility/",
        application.get_absolute_url(),
        f"/applications/{application.token}/withdraw/",
        "/applications/lost-link/",
        "/no-such-page/",
    ]
    sent_back = {
        f"/trainings/{training.slug}/apply/": {"name": "", "email": "not an address"},
        "/contact/": {"name": "", "email": "not an address"},
        "/interest/": {"email": "not an address"},
    }

    found = {}
    for url in pages:
        found[f"GET {url}"] = problems(client.get(url).content.decode())
    for url, data in sent_back.items():
        found[f"POST {url}"] = problems(client.post(url, data).content.decode())
    # Not a matter of validity, but of the same pages: an empty choice asks in words.
    for url in [
        "/contact/",
        "/interest/",
        "/faculty/",
        "/trainings/",
        f"/trainings/{training.slug}/apply/",
    ]:
        if "---------" in client.get(url).content.decode():
            found.setdefault(f"GET {url}", []).append("an empty choice reads ---------")

    assert {page: listed for page, listed in found.items() if listed} == {}
