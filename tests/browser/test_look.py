"""The portal looks like the institute: its own mark in a compact header, its colour instead of
Bootstrap's blue and cyan, and on a phone the links and the catalogue's filters folded so the
content comes first, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.factories import TrainingFactory

pytestmark = pytest.mark.usefixtures("javascript")

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
HOME_LINK = "Imago International Training Institute, home"

# Bootstrap's primary blue and info cyan, with the tints and shades it derives from them for
# hover, focus, subtle backgrounds, borders and emphasis text.
BOOTSTRAP_BLUES = [
    "13, 110, 253",
    "13, 202, 240",
    "134, 183, 254",
    "10, 88, 202",
    "11, 94, 215",
    "10, 83, 190",
    "207, 226, 255",
    "158, 197, 254",
    "5, 44, 101",
    "49, 210, 242",
    "37, 207, 242",
    "61, 213, 243",
    "207, 244, 252",
    "158, 234, 249",
    "5, 81, 96",
]

BLUE_ELEMENTS = """blues => {
  const properties = ["color", "backgroundColor", "borderTopColor", "borderRightColor",
    "borderBottomColor", "borderLeftColor", "outlineColor", "boxShadow"];
  const found = [];
  const look = element => {
    const style = getComputedStyle(element);
    for (const property of properties) {
      const value = style[property].replace(/\\s+/g, " ");
      if (blues.some(blue => value.includes(`(${blue}`))) {
        const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
          + (element.className && typeof element.className === "string"
            ? "." + element.className.trim().split(/\\s+/).join(".") : "");
        found.push(`${name} ${property}: ${value}`);
      }
    }
  };
  for (const element of document.querySelectorAll("*")) {
    look(element);
  }
  // Where the keyboard is: every field, button and link as it looks when focused.
  const focusable = "a[href], button, input, select, textarea, summary";
  for (const element of document.querySelectorAll(focusable)) {
    element.focus();
    look(element);
  }
  return found;
}"""

# Bootstrap's parts that take its primary or info colour, as the portal's templates may use
# them: each must wear the brand's colour instead.
COMPONENTS = """
<div class="alert alert-info">info <a class="alert-link" href="#">link</a></div>
<div class="alert alert-primary">primary</div>
<span class="badge text-bg-info">info</span><span class="badge text-bg-primary">primary</span>
<a class="btn btn-primary" href="#">primary</a>
<a class="btn btn-outline-primary" href="#">outline</a>
<button class="btn btn-primary" type="button" disabled>disabled</button>
<button class="btn btn-info" type="button">info</button>
<button class="btn btn-outline-info" type="button">outline info</button>
<ul class="nav nav-pills"><li class="nav-item"><a class="nav-link active" href="#">a</a></li>
<li class="nav-item"><a class="nav-link" href="#">b</a></li></ul>
<ul class="pagination"><li class="page-item active"><a class="page-link" href="#">1</a></li>
<li class="page-item"><a class="page-link" href="#">2</a></li></ul>
<ul class="list-group"><li class="list-group-item active">active</li></ul>
<div class="progress"><div class="progress-bar w-50"></div></div>
<input class="form-check-input" type="checkbox" checked aria-label="checked">
<input class="form-check-input" type="radio" checked aria-label="chosen">
<input class="form-control" aria-label="text">
<select class="form-select" aria-label="list"><option>one</option></select>
<p class="text-primary">primary text</p><p class="text-info">info text</p>
<p class="text-info-emphasis bg-info-subtle border border-info-subtle">subtle</p>
<p class="text-primary-emphasis bg-primary-subtle border border-primary-subtle">subtle</p>
"""


def blue_on(page):
    page.keyboard.press("Tab")  # as a keyboard user: focus rings show from here on
    return page.evaluate(BLUE_ELEMENTS, BOOTSTRAP_BLUES)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/trainings/",
        "/trainings/?near=Lisbon&track=clinical",
        "/trainings/clinical-berlin/",
        "/faq/",
        "/trainings/clinical-berlin/apply/",
    ],
)
def test_no_bootstrap_blue_or_cyan_is_left_on_the_public_pages(page, live_server, world, path):
    TrainingFactory.create_batch(12)  # a second page of the catalogue: its page links too
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{path}")
    for box in page.locator("main input[type=checkbox], main input[type=radio]").all()[:6]:
        box.check()

    assert blue_on(page) == []

    page.set_viewport_size(PHONE)
    page.reload()
    if page.locator(".filters-fold:not([open])").count():
        page.locator(".filters-button").click()
    page.locator(".site-menu-button").click()  # its links lie over the page

    assert blue_on(page) == []


def test_bootstraps_coloured_parts_wear_the_brand_colour(page, live_server):
    page.goto(live_server.url)
    page.locator("main").evaluate(
        "(main, parts) => main.insertAdjacentHTML('beforeend', "
        "`<section id=components>${parts}</section>`)",
        COMPONENTS,
    )
    expect(page.locator("#components .progress-bar")).to_be_attached()

    assert blue_on(page) == []
    brand = "rgb(122, 46, 77)"
    components = page.locator("#components")
    expect(components.locator(".btn-info")).to_have_css("background-color", brand)
    expect(components.locator(".text-bg-info")).to_have_css("background-color", brand)
    expect(components.locator(".text-bg-info")).to_have_css("color", "rgb(255, 255, 255)")
    expect(components.locator(".nav-pills .active")).to_have_css("background-color", brand)
    expect(components.locator(".page-item.active .page-link")).to_have_css(
        "background-color", brand
    )
    expect(components.locator(".progress-bar")).to_have_css("background-color", brand)
    expect(components.locator(".form-check-input").first).to_have_css("background-color", brand)


def test_the_header_carries_the_mark_and_names_the_home_link(page, live_server):
    page.goto(f"{live_server.url}/faq/")

    home = page.get_by_role("link", name=HOME_LINK)
    expect(home).to_be_visible()
    expect(home).to_have_attribute("href", "/")
    expect(home).to_contain_text("Imago")
    mark = home.locator("svg")
    expect(mark).to_have_attribute("aria-hidden", "true")
    box = mark.bounding_box()
    assert box["width"] >= 32 and box["height"] >= 32

    favicon = page.locator("link[rel=icon]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{favicon}")
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in response.text()

    home.click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_on_a_phone_the_header_is_compact_and_the_first_training_shows(page, live_server, world):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/trainings/")

    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 120, header
    # The filters are folded; the first training starts on the first screen.
    expect(page.get_by_label("Track")).to_be_hidden()
    card = page.locator(".training-card").first.bounding_box()
    assert card["y"] + 60 < PHONE["height"], card

    page.get_by_text("Filter trainings").click()
    page.get_by_label("Track").select_option(label="Clinical Track")
    page.get_by_role("button", name="Show trainings").click()

    assert "track=clinical" in page.url
    # The filters set stay in sight, named on the button.
    expect(page.get_by_label("Track")).to_be_visible()
    expect(page.locator(".filters-button")).to_have_text("Filter trainings: Clinical Track")
    expect(page.get_by_role("link", name="Clinical Berlin")).to_be_visible()
    expect(page.get_by_role("link", name="PFT Lisbon")).to_have_count(0)


def test_on_a_wide_screen_links_and_filters_show_without_a_button(page, live_server, world):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/trainings/")

    expect(page.locator(".site-menu-button")).to_be_hidden()
    expect(page.locator(".filters-button")).to_be_hidden()
    main_links = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(main_links).to_have_text(["Trainings", "Faculty", "FAQ", "Contact"])
    expect(page.get_by_label("Track")).to_be_visible()
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 90, header


def test_the_phone_menu_opens_with_the_keyboard_and_reaches_every_link(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/faq/")
    main_navigation = page.get_by_role("navigation", name="Main")
    expect(main_navigation).to_be_hidden()

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_accessible_name(HOME_LINK)
    page.keyboard.press("Tab")
    menu = page.locator(":focus")
    expect(menu).to_have_text("Menu")
    page.keyboard.press("Enter")
    expect(page.locator(".site-menu")).to_have_attribute("open", "")

    expect(main_navigation).to_be_visible()
    reached = []
    links = page.locator("header nav a")
    for _ in range(links.count()):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        expect(focused).to_be_visible()
        reached.append(focused.inner_text())
    assert reached == links.all_inner_texts()
    assert reached[:4] == ["Trainings", "Faculty", "FAQ", "Contact"]

    for _ in range(len(reached) - 1 - reached.index("Contact")):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/contact/")


def test_the_home_page_welcomes_with_its_illustration_beside_the_text(page, live_server):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url)

    picture = page.locator("main img.intro-illustration")
    expect(picture).to_have_attribute("alt", "")
    expect(picture).to_have_attribute("width", "320")
    expect(picture).to_have_attribute("height", "240")
    assert picture.evaluate("image => image.complete && image.naturalWidth > 0")
    heading = page.get_by_role("heading", level=1).bounding_box()
    beside = picture.bounding_box()
    assert beside["x"] >= heading["x"] + heading["width"], (heading, beside)

    page.set_viewport_size(PHONE)
    search = page.get_by_role("button", name="Search").bounding_box()
    under = picture.bounding_box()
    assert under["y"] >= search["y"] + search["height"], (search, under)
    assert under["x"] >= 0 and under["x"] + under["width"] <= PHONE["width"]
