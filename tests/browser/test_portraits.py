"""Trainers' portraits on a 360 px phone: the box each takes before anything loads, the size of
rendition Chromium picks, and which are loaded lazily."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    PHONE,
    SCREENSHOTS,
    assert_no_horizontal_scroll,
    assert_no_violations,
)
from tests.factories import TrainerFactory
from tests.trainings.test_portraits import with_photo


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def box(locator):
    found = locator.bounding_box()
    return round(found["width"]), round(found["height"])


def test_portraits_keep_their_size_on_a_phone_and_load_lazily_below_the_top(
    page, live_server, media, axe_source
):
    ana = with_photo(TrainerFactory(name="Ana Ruiz", slug="ana-ruiz"))
    TrainerFactory(name="Bernd Stok")
    page.set_viewport_size({"width": PHONE, "height": 740})

    page.goto(f"{live_server.url}/faculty/")

    photo = page.get_by_role("img", name="Portrait of Ana Ruiz")
    initials = page.locator(".portrait-initials")
    assert box(photo) == (96, 96)
    assert box(initials) == (96, 96)
    assert initials.inner_text() == "BS"
    assert photo.get_attribute("loading") == "lazy"
    # Chromium reads WebP, and picks a rendition at least as wide as the box on this screen.
    chosen = photo.evaluate("image => image.currentSrc")
    assert chosen.startswith(f"{live_server.url}/media/trainers/{ana.pk}/")
    assert chosen.endswith(".webp")
    width = int(chosen.rsplit("-", 1)[1].removesuffix(".webp"))
    assert width >= 96
    photo.scroll_into_view_if_needed()
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("image => image.naturalWidth") > 0  # loaded, from the media folder
    assert_no_horizontal_scroll(page, PHONE)
    assert_no_violations(page, axe_source)
    page.screenshot(path=SCREENSHOTS / f"portraits-faculty-{PHONE}.png", full_page=True)

    page.goto(f"{live_server.url}/faculty/ana-ruiz/")

    main = page.get_by_role("img", name="Portrait of Ana Ruiz")
    assert box(main) == (200, 200)
    assert main.get_attribute("loading") is None
    expect(main).to_have_js_property("complete", True)
    assert main.evaluate("image => image.naturalWidth") > 0
    assert_no_horizontal_scroll(page, PHONE)
    assert_no_violations(page, axe_source)
    page.screenshot(path=SCREENSHOTS / f"portraits-trainer-{PHONE}.png", full_page=True)
