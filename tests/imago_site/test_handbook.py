"""The staff handbook inside the admin: every picture it shows exists, and only signed-in staff
read it (tests/browser/test_handbook.py checks its words against the admin)."""

import re

import pytest
from django.urls import reverse

from imago_site.handbook import HANDBOOK, IMAGES
from tests.test_valid_html import problems

PICTURE = re.compile(r"!\[[^\]]+\]\((images/[^)]+)\)")


def pictures():
    return PICTURE.findall((HANDBOOK / "README.md").read_text(encoding="utf-8"))


def test_every_picture_the_handbook_shows_is_in_its_folder():
    shown = pictures()
    assert shown
    for address in shown:
        assert (HANDBOOK / address).is_file(), address
    # And no picture is left over from a task the handbook no longer describes.
    assert {path.name for path in IMAGES.glob("*.png")} == {
        address.removeprefix("images/") for address in shown
    }


def test_staff_read_the_handbook_with_its_pictures(admissions_officer, client):
    response = client.get(reverse("handbook"))
    assert response.status_code == 200
    page = response.content.decode()
    assert problems(page) == []
    assert "<title>Staff handbook | " in page
    assert "<h1>Staff handbook</h1>" in page
    assert '<h2 id="export-for-the-accountant">Export for the accountant</h2>' in page
    assert "<strong>“Accept the selected applications”</strong>" in page
    for address in pictures():
        assert f'src="{address}"' in page
        image = client.get(reverse("handbook") + address)
        assert image.status_code == 200
        assert image["Content-Type"] == "image/png"
        assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_the_admin_header_links_to_the_handbook(admissions_officer, client):
    response = client.get(reverse("admin:index"))
    assert f'<a href="{reverse("handbook")}">Handbook</a>' in response.content.decode()


@pytest.mark.parametrize("name", ["README.md", "missing.png", ".png"])
def test_only_the_handbooks_pictures_are_served(admissions_officer, client, name):
    response = client.get(reverse("handbook_image", args=[name]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["", "images/review-applications.png"])
def test_visitors_are_sent_to_the_login(client, address):
    response = client.get(reverse("handbook") + address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
