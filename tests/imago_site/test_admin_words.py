"""The admin in plain words: every heading and link a staff member meets on the index, in the
sidebar and on the sections' pages names their work, never the software's machinery; the
records of that machinery are one "Security and system" section, for superusers only."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from html5lib import parse

from tests.imago_site.conftest import GROUP_NAMES, member_of

# What a new member of staff would not understand: names from code and from the libraries.
SOFTWARE_WORDS = re.compile(
    r"_|\b(Static devices?|TOTP|Access (attempts?|logs?|failures?)|Task results?|Log entr(y|ies)"
    r"|Django|Axes|Otp|Tasks Database|Authentication and Authorization)\b",
    re.IGNORECASE,
)
# Abbreviations staff use themselves; any other word in capitals is a code from the software.
KNOWN_ABBREVIATIONS = {"CSV", "XML", "PDF", "ISO", "CAMT", "IBAN", "IP", "FAQ", "PFT", "QR"}


def is_software_word(text):
    codes = set(re.findall(r"\b[A-Z][A-Z0-9]+\b", text)) - KNOWN_ABBREVIATIONS
    return bool(codes or SOFTWARE_WORDS.search(text))


NAMESPACE = "{http://www.w3.org/1999/xhtml}"


def headings_and_links(html):
    """The text of every heading, caption and link of the page's main part and sidebar."""
    document = parse(html)
    texts = []
    for tag in ("h1", "h2", "h3", "caption", "a", "th"):
        for element in document.iter(NAMESPACE + tag):
            text = " ".join("".join(element.itertext()).split())
            if text:
                texts.append(text)
    return texts


def section_names(html):
    return [
        " ".join("".join(caption.itertext()).split())
        for caption in parse(html).iter(NAMESPACE + "caption")
    ]


def section_links(html):
    document = parse(html)
    return [
        link.get("href")
        for caption in document.iter(NAMESPACE + "caption")
        for link in caption.iter(NAMESPACE + "a")
    ]


def software_words_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        text for text in headings_and_links(response.content.decode()) if is_software_word(text)
    ]


def walk(client):
    """The index, each section's page and each list it links to: the software's words found on
    each page."""
    index = client.get(reverse("admin:index")).content.decode()
    lists = [
        link.get("href")
        for table in parse(index).iter(NAMESPACE + "table")
        for link in table.iter(NAMESPACE + "a")
        if link.get("href", "").endswith("/") and not link.get("href").endswith("/add/")
    ]
    pages = [reverse("admin:index"), *section_links(index), *lists]
    return {url: software_words_on(client, url) for url in pages}, index


@pytest.mark.django_db
@pytest.mark.parametrize("group", GROUP_NAMES)
def test_each_group_reads_the_admin_in_plain_words(groups, client, group):
    member_of(groups, group, client)

    found, index = walk(client)

    assert {url: words for url, words in found.items() if words} == {}
    # The lists were read, not just the index; reviewers work on their own pages.
    assert any(url.count("/") > 3 for url in found) == (group != "Reviewers")
    assert "Security and system" not in index


@pytest.mark.django_db
def test_a_groups_log_of_changes_is_named_for_what_it_is(groups, client):
    member_of(groups, "Admissions", client)

    texts = headings_and_links(client.get(reverse("admin:index")).content.decode())

    assert "Changes made by staff" in texts
    assert "History" in section_names(client.get(reverse("admin:index")).content.decode())


@pytest.mark.django_db
def test_a_superuser_reads_the_admin_in_plain_words_with_the_system_in_one_section(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))

    found, index = walk(client)

    assert {url: words for url, words in found.items() if words} == {}
    assert reverse("admin:otp_totp_totpdevice_changelist") in found
    assert reverse("admin:admin_logentry_changelist") in found
    sections = section_names(index)
    assert sections.count("Security and system") == 1
    assert sections[-1] == "Security and system"
    texts = headings_and_links(index)
    for name in (
        "Authenticator apps",
        "Recovery codes",
        "Failed logins",
        "Logins and logouts",
        "Background jobs",
        "Staff accounts",
    ):
        assert name in texts


@pytest.mark.django_db
def test_the_system_section_page_lists_all_of_it_whichever_of_its_apps_is_asked(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "pw"))

    pages = [
        headings_and_links(client.get(reverse("admin:app_list", args=[label])).content.decode())
        for label in ("axes", "otp_totp", "django_tasks_database")
    ]

    assert pages[0] == pages[1] == pages[2]
    assert {"Authenticator apps", "Failed logins", "Background jobs"} <= set(pages[0])


@pytest.mark.django_db
def test_staff_in_a_group_find_no_system_section_page(groups, client):
    member_of(groups, "Admissions", client)

    response = client.get(reverse("admin:app_list", args=["axes"]))

    assert response.status_code == 404


def list_names(html):
    """The names of the lists in the index, section by section, in the page's order."""
    return [
        " ".join("".join(link.itertext()).split())
        for table in parse(html).iter(NAMESPACE + "table")
        # A section's table has its name as a caption with a link; the panels' tables don't.
        if any(
            caption.find(NAMESPACE + "a") is not None
            for caption in table.iter(NAMESPACE + "caption")
        )
        for row in table.iter(NAMESPACE + "th")
        for link in row.iter(NAMESPACE + "a")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "first"),
    [
        ("Admissions", ["Applications", "Trainees"]),
        ("Accounts", ["Invoices and credit notes", "Payments"]),
        ("Enquiries", ["Contact messages"]),
        ("Content editors", ["Trainings", "Tracks", "Trainers"]),
    ],
)
def test_each_groups_index_begins_with_its_days_work(groups, client, group, first):
    member_of(groups, group, client)

    names = list_names(client.get(reverse("admin:index")).content.decode())

    assert names[: len(first)] == first


@pytest.mark.django_db
def test_the_enquiries_read_messages_before_the_interest_list_and_editors_the_faq_after_trainings(
    groups, client
):
    member_of(groups, "Enquiries", client)
    enquiries = list_names(client.get(reverse("admin:index")).content.decode())
    client.logout()
    member_of(groups, "Content editors", client)
    editors = list_names(client.get(reverse("admin:index")).content.decode())

    assert enquiries.index("Contact messages") < enquiries.index("Interest subscriptions")
    assert editors.index("Trainers") < editors.index("Questions") < editors.index("Categories")
