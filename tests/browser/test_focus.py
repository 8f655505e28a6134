"""Where the keyboard is can be seen: every focused field, button and link wears the portal's
ring, at 3:1 or more against the page behind it (WCAG 2.2, 2.4.7 and 1.4.11)."""

import re

import pytest

from tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db(transaction=True)

RING = """element => {
  const style = getComputedStyle(element);
  let behind = element.parentElement;
  while (behind && getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
    behind = behind.parentElement;
  }
  return {
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    color: style.outlineColor,
    background: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)",
  };
}"""


def luminance(css_colour):
    red, green, blue = (int(n) / 255 for n in re.findall(r"\d+", css_colour)[:3])

    def channel(value):
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_focused_fields_buttons_and_links_wear_a_ring_of_3_to_1(page, live_server):
    TrainingFactory(title="Clinical Berlin", slug="clinical-berlin")
    page.goto(f"{live_server.url}/trainings/clinical-berlin/apply/")
    page.keyboard.press("Tab")  # as a keyboard user: :focus-visible applies from here on

    focused = {
        "text field": page.locator("#id_name"),
        "list": page.locator("#id_country"),
        "radio button": page.get_by_role("radio").first,
        "check box": page.get_by_label("I have read the privacy notice"),
        "button": page.get_by_role("button", name="Send my application"),
        "link": page.get_by_role("link", name="Back to the training"),
    }
    rings = {}
    for name, element in focused.items():
        element.focus()
        rings[name] = element.evaluate(RING)

    for name, ring in rings.items():
        assert ring["style"] != "none" and ring["width"] >= 2, (name, ring)
        assert contrast(ring["color"], ring["background"]) >= 3, (name, ring)
